#!/usr/bin/env bash
# Benchmarks of machines (issue 14), as docs/PERFORMANCE.md reports them: through the local
# daemon (create from a warm pool + exec true at its API and through the CLI, cold create of a
# busybox httpd template to ready, 50 machines at once with memory per machine, pool refill
# rate), then the same image under `docker run`/`docker exec` on a private dockerd and `podman
# run` on private storage (when installed), in the same run. BENCH_ONLY=pool: the first figure only.
# Needs: root, a packaged jar (./mvnw -B -q package -DskipTests), busybox-static, python3,
# docker.io; farm-bench (../.library) for whole-process timings when on PATH. Only loopback
# and unix sockets are used; everything it starts is ended by pid on exit.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
ts="$repo/template-studio"
port="${PORT:-18437}"
w="$(mktemp -d /tmp/tsmb.XXXX)"
s="$w/store"
dockerd_pid=""
cleanup() {
  local pid
  # The daemon this run started: the serve whose command line names this store's socket.
  for pid in $(ls /proc | grep -E '^[0-9]+$'); do
    if tr "\\0" " " 2>/dev/null < "/proc/$pid/cmdline" | grep -q -- "--socket $s/serve/local.sock"; then
      kill "$pid" 2>/dev/null || true
    fi
  done
  if [ -n "$dockerd_pid" ]; then kill "$dockerd_pid" 2>/dev/null || true; wait "$dockerd_pid" 2>/dev/null || true; fi
  sleep 1
  rm -rf "$w" 2>/dev/null || true
}
trap cleanup EXIT

echo "# $(date -u +%FT%TZ), $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg), $(uname -r)"
mkdir -p "$w/ctx"
cp "$repo/examples/busybox/make-rootfs.sh" "$w/ctx/"
"$w/ctx/make-rootfs.sh" >/dev/null
cat > "$w/ctx/bt.template.json" <<JSON
{"schema": "template-studio/v1", "name": "bt", "base": {"image": "rootfs:rootfs"}, "steps": []}
JSON
cat > "$w/ctx/web.template.json" <<JSON
{"schema": "template-studio/v1", "name": "web", "base": {"image": "rootfs:rootfs"},
 "steps": [{"type": "run", "command": "mkdir -p /var/www && echo hello > /var/www/index.html"}],
 "start": {"command": "httpd -f -p $port -h /var/www", "ready": {"type": "port", "port": $port}}}
JSON
"$ts" build "$w/ctx/bt.template.json" --store "$s" >/dev/null
"$ts" build "$w/ctx/web.template.json" --store "$s" >/dev/null
"$ts" machine ls --store "$s" >/dev/null   # starts the local daemon
python3 "$repo/docs/perf/machines_bench.py" "$s/serve/local.sock" "$s/serve/token" bt web
[ "${BENCH_ONLY:-}" = pool ] && exit 0

# (A) through the CLI: `machine create bt --fallback fail` (a ready one from the pool) then
# `machine exec ID -- true`, two whole CLI processes (a JVM each), timed together.
idle() { curl -s --unix-socket "$s/serve/local.sock" -H "Authorization: Bearer $(cat "$s/serve/token")" \
  http://local/v1/pools | python3 -c 'import json,sys; print(sum(p["idle"] for p in json.load(sys.stdin)))'; }
"$ts" pool set bt --ready 2 --store "$s" >/dev/null
echo "## the CLI as whole processes (a JVM each), through the daemon"
cli=()
for _ in $(seq 8); do
  for _ in $(seq 300); do [ "$(idle)" -ge 1 ] && break; sleep 0.05; done
  t0=$(date +%s%N)
  id="$("$ts" machine create bt --fallback fail --store "$s")"
  "$ts" machine exec "$id" --store "$s" -- true
  t1=$(date +%s%N)
  cli+=($(( (t1 - t0) / 1000000 )))
  "$ts" machine rm "$id" --store "$s" >/dev/null
done
echo "CLI: machine create (pool) + machine exec true, two processes: $(printf '%s\n' "${cli[@]}" | sort -n | awk '{a[NR]=$1} END {printf "median %d ms (min %d, max %d, %d runs)", a[int((NR+1)/2)], a[1], a[NR], NR}')"
if command -v farm-bench >/dev/null; then
  id="$("$ts" machine create bt --store "$s")"
  echo "### template-studio machine exec ID -- true alone"
  farm-bench -n 5 -- "$ts" machine exec "$id" --store "$s" -- true | tail -n +1
  "$ts" machine rm "$id" --store "$s" >/dev/null
fi
"$ts" pool rm bt --store "$s" >/dev/null

if command -v dockerd >/dev/null; then
  echo "## docker run of the same rootfs on a private dockerd"
  for driver in overlay2 vfs; do
    rm -f "$w/docker.sock"
    dockerd --host "unix://$w/docker.sock" --data-root "$w/docker" --exec-root "$w/de" --pidfile "$w/de.pid" \
      --iptables=false --ip6tables=false --bridge=none --storage-driver="$driver" >"$w/dockerd.log" 2>&1 &
    dockerd_pid=$!
    for _ in $(seq 100); do [ -S "$w/docker.sock" ] && docker -H "unix://$w/docker.sock" info >/dev/null 2>&1 && break; sleep 0.2; done
    if docker -H "unix://$w/docker.sock" info >/dev/null 2>&1; then break; fi
    kill "$dockerd_pid" 2>/dev/null || true; wait "$dockerd_pid" 2>/dev/null || true; dockerd_pid=""
  done
  d=(docker -H "unix://$w/docker.sock")
  tar -C "$w/ctx/rootfs" -c . | "${d[@]}" import - ts-bench-busybox >/dev/null
  "${d[@]}" run --rm --network none ts-bench-busybox true
  if command -v farm-bench >/dev/null; then
    echo "### docker run --rm --network none IMAGE true (storage driver $driver)"
    farm-bench -n 10 -- "${d[@]}" run --rm --network none ts-bench-busybox true
    echo "### docker exec CONTAINER true (the exec alone, beside the daemon's exec of true)"
    c="$("${d[@]}" run -d --network none ts-bench-busybox sleep 600)"
    farm-bench -n 10 -- "${d[@]}" exec "$c" true
    "${d[@]}" rm -f "$c" >/dev/null
    echo "### docker run of httpd until it answers (cold create to ready)"
    farm-bench -n 5 -- "${d[@]}" run --rm --network none ts-bench-busybox sh -c \
      "mkdir -p /www && echo hello > /www/index.html && httpd -p $port -h /www && until wget -q -O /dev/null http://127.0.0.1:$port/; do :; done"
  fi
fi
if command -v podman >/dev/null; then
  # Private storage under the bench's temp dir; the host's default store is left alone. Podman
  # asks runc for open-files and process limits above this host's hard ones, which runc
  # refuses: each is given below them.
  lim=(--ulimit nofile=1024:1024 --ulimit nproc=1024:1024)
  p=(podman --root "$w/podman" --runroot "$w/podman-run" --storage-driver vfs --cgroup-manager cgroupfs --events-backend file)
  echo "## podman run on private storage (vfs), --network none"
  tar -C "$w/ctx/rootfs" -c . | "${p[@]}" import - ts-bench-busybox >/dev/null 2>&1
  if why="$("${p[@]}" run --rm --network none "${lim[@]}" ts-bench-busybox true 2>&1)"; then
    echo "### podman run --rm IMAGE true"
    farm-bench -n 10 -- "${p[@]}" run --rm --network none "${lim[@]}" ts-bench-busybox true
    echo "### podman run of httpd until it answers (cold create to ready)"
    farm-bench -n 5 -- "${p[@]}" run --rm --network none "${lim[@]}" ts-bench-busybox sh -c \
      "mkdir -p /www && echo hello > /www/index.html && httpd -p $port -h /www && until wget -q -O /dev/null http://127.0.0.1:$port/; do :; done"
  else
    echo "podman run fails here: $(echo "$why" | tail -1)"
  fi
  "${p[@]}" rm -a -f >/dev/null 2>&1 || true
  "${p[@]}" rmi -a -f >/dev/null 2>&1 || true
else
  echo "## podman is not installed: no podman figures"
fi
