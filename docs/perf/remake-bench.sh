#!/usr/bin/env bash
# What making a kept layer's tar again costs `export --oci` and `push`, whole process, for one or
# two packaged launchers round by round in the same run (TS_A, and TS_B to compare, e.g. a
# checkout of main and one of a branch), beside `docker save` of the same base on a private
# dockerd. The template: rootfs:$DEBIAN_TAR (DebianFixture's mmdebstrap bookworm minbase) and one
# RUN step, built once into a store under $WORK (with TS_A, in its own process); push goes to a
# fresh loopback docker-registry each time. Run as root. Prints the load beside every figure.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
TS_A="${TS_A:-$repo/template-studio}"
TS_B="${TS_B:-}"
ROUNDS="${ROUNDS:-3}"
DEBIAN_TAR="${DEBIAN_TAR:-$HOME/.cache/template-studio-test/debian-bookworm-minbase.tar}"
WORK="${WORK:-$(mktemp -d /tmp/remake-bench.XXXXXX)}"
port="${PORT:-5924}"
mkdir -p "$WORK" && cd "$WORK"
rm -rf store layout-* regstore docker de
mkdir -p deb
cat > deb/deb.template.json <<JSON
{"schema": "template-studio/v1", "name": "deb", "base": {"image": "rootfs:$DEBIAN_TAR"},
 "steps": [{"type": "run", "command": "echo bench > /etc/bench"}]}
JSON
printf 'version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: %s/regstore\nhttp:\n  addr: 127.0.0.1:%s\n' \
  "$WORK" "$port" > reg.yml
pid="" dockerd_pid=""
stop() { if [ -n "$pid" ]; then kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""; fi; }
cleanup() {
  stop
  if [ -n "$dockerd_pid" ]; then kill "$dockerd_pid" 2>/dev/null || true; wait "$dockerd_pid" 2>/dev/null || true; fi
}
trap cleanup EXIT
fresh_registry() {
  stop; rm -rf regstore
  docker-registry serve reg.yml > reg.log 2>&1 & pid=$!
  for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/v2/" && return; sleep 0.1; done
  echo "docker-registry did not start" >&2; exit 1
}
# Wall and CPU (user+sys) of a command, with bash's own time: on a loaded machine the CPU is the
# steadier figure (the wall follows the load).
TIMEFORMAT='%R %U %S'
timed() { local t; t=$( { time "$@" > /dev/null 2>> "$WORK/cmd.err"; } 2>&1 ); awk '{printf "%.2f s (CPU %.2f s)", $1, $2 + $3}' <<< "$t"; }
now() { date +%s.%N; }
load() { uptime | sed 's/.*load average: //'; }
"$TS_A" build deb/deb.template.json --store store --no-daemon > build.log 2>&1
# A launcher's first command makes its class-data archive (a training run): done here, untimed.
for ts in "$TS_A" $TS_B; do "$ts" templates --store store > /dev/null; done
mb=$(echo "scale=1; $(find store/layers -type f -printf '%s\n' | awk '{s+=$1} END {print s}') / 1048576" | bc)
echo "template deb: layers' files ${mb} MB"

if command -v dockerd > /dev/null; then
  dockerd --host "unix://$WORK/docker.sock" --data-root "$WORK/docker" --exec-root "$WORK/de" \
    --pidfile "$WORK/de.pid" --iptables=false --ip6tables=false --bridge=none --storage-driver=overlay2 \
    > dockerd.log 2>&1 &
  dockerd_pid=$!
  d=(/usr/bin/docker -H "unix://$WORK/docker.sock")
  for _ in $(seq 150); do "${d[@]}" info > /dev/null 2>&1 && break; sleep 0.2; done
  "${d[@]}" import "$DEBIAN_TAR" bench-deb > /dev/null
fi

for round in $(seq "$ROUNDS"); do
  for ts in "$TS_A" $TS_B; do
    name=$(basename "$(dirname "$ts")")
    rm -rf "layout-$round"
    export_t=$(timed "$ts" export deb --oci "layout-$round" --store store)
    fresh_registry
    push_t=$(timed "$ts" push deb "127.0.0.1:$port/ts/deb:1" --store store)
    stop
    echo "round $round $name: export --oci $export_t | push $push_t | load $(load)"
  done
  if [ -n "$dockerd_pid" ]; then
    echo "round $round docker save (base only): $(timed "${d[@]}" save bench-deb -o docker-save.tar)" \
      "(CPU of the CLI only; dockerd's is not counted) | load $(load)"
    rm -f docker-save.tar
  fi
done
