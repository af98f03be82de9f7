#!/usr/bin/env bash
# Push throughput: `template-studio push` beside `skopeo copy` of the same image, each to a
# loopback docker-registry restarted with empty storage, RUNS times (default 3). Needs the
# packaged launcher (./mvnw -B -q package -DskipTests), docker-registry, skopeo, busybox-static,
# bc and curl; run as root (the build uses the embedded runtime). Everything goes under $WORK.
set -euo pipefail
runs="${1:-3}"
repo="$(cd "$(dirname "$0")/../.." && pwd)"
ts="$repo/template-studio"
WORK="${WORK:-$(mktemp -d /tmp/push-bench.XXXXXX)}"
port="${PORT:-5917}"
mkdir -p "$WORK" && cd "$WORK"
export DOCKER_CONFIG="$WORK/docker"
mkdir -p rootfs/bin rootfs/tmp rootfs/etc big
cp /bin/busybox rootfs/bin/ && ln -sf busybox rootfs/bin/sh && ln -sf busybox rootfs/bin/dd
echo "root:x:0:0:root:/root:/bin/sh" > rootfs/etc/passwd
cat > big/big.template.json <<JSON
{"schema": "template-studio/v1", "name": "big", "base": {"image": "rootfs:$WORK/rootfs"},
 "steps": [{"type": "run", "command": "dd if=/dev/urandom of=/data1 bs=1M count=128"},
           {"type": "run", "command": "dd if=/dev/urandom of=/data2 bs=1M count=128"}]}
JSON
printf 'version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: %s/regstore\nhttp:\n  addr: 127.0.0.1:%s\n' \
  "$WORK" "$port" > reg.yml
"$ts" build big/big.template.json --store store >/dev/null
"$ts" export big --oci layout --store store >/dev/null
pid=""
stop() { if [ -n "$pid" ]; then kill "$pid"; wait "$pid" 2>/dev/null || true; fi; }
trap stop EXIT
fresh() {
  stop; rm -rf regstore
  docker-registry serve reg.yml > reg.log 2>&1 & pid=$!
  for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/v2/" && return; sleep 0.1; done
  echo "docker-registry did not start" >&2; exit 1
}
echo "image: $(du -sb layout/blobs | cut -f1) bytes; $(uptime | sed 's/.*load/load/')"
for i in $(seq "$runs"); do
  fresh
  s=$(date +%s.%N); "$ts" push big "127.0.0.1:$port/ts/big:1" --store store 2>push.err >/dev/null; e=$(date +%s.%N)
  echo "push   run $i: $(echo "$e - $s" | bc) s wall | $(tail -1 push.err)"
  fresh
  s=$(date +%s.%N); skopeo --insecure-policy copy -q --dest-tls-verify=false oci:layout:latest \
    "docker://127.0.0.1:$port/sk/big:1"; e=$(date +%s.%N)
  echo "skopeo run $i: $(echo "$e - $s" | bc) s wall"
done
echo "$(uptime | sed 's/.*load/load/')"
