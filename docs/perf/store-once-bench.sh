#!/usr/bin/env bash
# The store's size against the image's layers, and what making a layer's tar again costs an
# export and a push. Builds two templates into a fresh store with the packaged launcher
# ($TS, default this checkout's ./template-studio; give another checkout's to compare):
#   debian: rootfs:$DEBIAN_TAR (DebianFixture's mmdebstrap bookworm minbase, kept between test
#           runs) + apt-get install git curl python3 (needs a Debian mirror);
#   busy10: a busybox-static rootfs + 10 RUN steps, each writing a 1 MB file.
# For each: du of the store's blobs/ and layers/ (disk blocks, as `du -s`), the image's layer
# bytes (sizes in its OCI manifest), `export --oci` and `push` to a loopback docker-registry
# timed whole-process. Run as root (the embedded runtime). Everything goes under $WORK.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
TS="${TS:-$repo/template-studio}"
DEBIAN_TAR="${DEBIAN_TAR:-$HOME/.cache/template-studio-test/debian-bookworm-minbase.tar}"
WORK="${WORK:-$(mktemp -d /tmp/store-once-bench.XXXXXX)}"
port="${PORT:-5923}"
mkdir -p "$WORK" && cd "$WORK"
rm -rf store rootfs debian busy10 layout-* regstore
mkdir -p store rootfs/bin rootfs/tmp rootfs/etc debian busy10
cp /bin/busybox rootfs/bin/ && ln -sf busybox rootfs/bin/sh && ln -sf busybox rootfs/bin/dd
echo "root:x:0:0:root:/root:/bin/sh" > rootfs/etc/passwd
cat > debian/debian.template.json <<JSON
{"schema": "template-studio/v1", "name": "debian", "base": {"image": "rootfs:$DEBIAN_TAR"},
 "steps": [{"type": "run", "command": "apt-get update && apt-get install -y --no-install-recommends git curl python3"}]}
JSON
steps=""
for i in $(seq 10); do
  steps="$steps{\"type\": \"run\", \"command\": \"dd if=/dev/urandom of=/f$i bs=1M count=1 2>/dev/null\"}"
  if [ "$i" -lt 10 ]; then steps="$steps, "; fi
done
cat > busy10/busy10.template.json <<JSON
{"schema": "template-studio/v1", "name": "busy10", "base": {"image": "rootfs:$WORK/rootfs"}, "steps": [$steps]}
JSON
printf 'version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: %s/regstore\nhttp:\n  addr: 127.0.0.1:%s\n' \
  "$WORK" "$port" > reg.yml
pid=""
stop() { if [ -n "$pid" ]; then kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""; fi; }
trap stop EXIT
fresh_registry() {
  stop; rm -rf regstore
  docker-registry serve reg.yml > reg.log 2>&1 & pid=$!
  for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/v2/" && return; sleep 0.1; done
  echo "docker-registry did not start" >&2; exit 1
}
now() { date +%s.%N; }
layer_bytes() {  # the sizes of the image's layers, from the manifest of an OCI layout
  python3 - "$1" <<'PY'
import json, sys, os
d = sys.argv[1]
index = json.load(open(os.path.join(d, "index.json")))
m = json.load(open(os.path.join(d, "blobs/sha256", index["manifests"][0]["digest"][7:])))
print(sum(l["size"] for l in m["layers"]))
PY
}
kb() { du -s --block-size=1024 "$@" 2>/dev/null | awk '{s+=$1} END {print s+0}'; }
for t in debian busy10; do
  before_kb=$(kb store)
  s=$(now); "$TS" build "$t/$t.template.json" --store store > "build-$t.log" 2>&1; e=$(now)
  build_s=$(echo "$e - $s" | bc)
  s=$(now); "$TS" export "$t" --oci "layout-$t" --store store > /dev/null; e=$(now)
  export_s=$(echo "$e - $s" | bc)
  image=$(layer_bytes "layout-$t")
  fresh_registry
  s=$(now); "$TS" push "$t" "127.0.0.1:$port/ts/$t:1" --store store > /dev/null 2> "push-$t.err"; e=$(now)
  push_s=$(echo "$e - $s" | bc)
  stop
  mb=$(echo "scale=1; $image / 1048576" | bc)
  added=$(( $(kb store) - before_kb ))
  echo "$t: build ${build_s} s | image layers ${mb} MB | store after it: blobs $(kb store/blobs) KB," \
    "layers $(kb store/layers) KB, all $(kb store) KB; added by it ${added} KB" \
    "= $(echo "scale=3; $added * 1024 / $image" | bc)x its layers | export --oci ${export_s} s" \
    "($(echo "scale=1; $export_s * 1000 / $mb" | bc) ms/MB) | push ${push_s} s" \
    "($(echo "scale=1; $push_s * 1000 / $mb" | bc) ms/MB) | $(uptime | sed 's/.*load/load/')"
done
total=0
for t in debian busy10; do total=$((total + $(layer_bytes "layout-$t"))); done
echo "both images' layers: $((total / 1024)) KB; store: $(kb store) KB = $(echo "scale=3; $(kb store) * 1024 / $total" | bc)x"
