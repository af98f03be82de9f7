#!/usr/bin/env bash
# A cached rebuild through `serve`, client included (issue 16), beside BuildKit, as
# docs/PERFORMANCE.md reports it: whole processes, `./template-studio build … --runtime
# http://127.0.0.1:PORT` against `docker build` (BuildKit) on a private dockerd, pair by pair in
# the same run. The server is a `serve` on loopback over a store of its own; the client's local
# engine (the daemon that takes build and run from the thin client) has a store of its own too,
# and the client's hash memo a cache folder of its own. The 10-step busybox template of
# docs/perf/engine-bench.sh, its base `rootfs:rootfs` sent as part of the context (by file).
# Rows: through the client's local engine (the default: the perl thin client, engine-client.pl),
# the same from the JVM thin client (TEMPLATE_STUDIO_CLIENT=jvm), with --no-daemon (the client's own JVM does the remote build: the way every
# remote build went before the engine took them), and, for scale, the same template built by
# the local engine on the client's own store.
# Needs: root, a packaged jar (./mvnw -o -B -q package -DskipTests), busybox-static, docker.io, perl,
# python3 (docs/perf/first_byte.py: when the first byte reaches the server after exec).
# Each pair runs RUNS times (default 7), A and B in turn, timed by GNU time (wall and user+sys CPU,
# medians). Everything it starts is ended by pid on exit.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
ts="$repo/template-studio"
runs="${RUNS:-7}"
. "$repo/docs/perf/bench-lib.sh"
# pair 'B' A...: A and B in turn, $runs times each, then each one's median wall and CPU and the
# median of the per-pair ratios of wall times.
pair() {
  local b="$1"; shift
  local i
  : > "$w/a.t"; : > "$w/b.t"
  for i in $(seq "$runs"); do
    /usr/bin/time -a -o "$w/a.t" -f "%e %U %S" "$@" >/dev/null 2>&1 || true
    /usr/bin/time -a -o "$w/b.t" -f "%e %U %S" $b >/dev/null 2>&1 || true
  done
  echo "A wall $(awk '{print $1}' "$w/a.t" | median) s, cpu $(awk '{print $2 + $3}' "$w/a.t" | median) s: $*"
  echo "B wall $(awk '{print $1}' "$w/b.t" | median) s, cpu $(awk '{print $2 + $3}' "$w/b.t" | median) s: $b"
  echo "ratio $(paste "$w/a.t" "$w/b.t" | awk '{printf "%.3f\n", ($4 > 0 ? $1 / $4 : 0)}' | median) (median of pairs)"
}
w="$(mktemp -d /tmp/tssb.XXXX)"
serve_pid=""
dockerd_pid=""
cleanup() {
  if [ -n "$serve_pid" ]; then kill "$serve_pid" 2>/dev/null || true; wait "$serve_pid" 2>/dev/null || true; fi
  stop_local_daemon "$w/cstore"   # the client's, started detached by its first build
  if [ -n "$dockerd_pid" ]; then kill "$dockerd_pid" 2>/dev/null || true; wait "$dockerd_pid" 2>/dev/null || true; fi
  sleep 1
  rm -rf "$w" 2>/dev/null || true
}
trap cleanup EXIT

echo "# $(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(uname -r), $(git -C "$repo" rev-parse --short HEAD)"
export XDG_CACHE_HOME="$w/cache"
mkdir -p "$XDG_CACHE_HOME"
ten_step_template "$w/ctx"

"$ts" serve --port 0 --store "$w/sstore" 2>"$w/serve.log" &
serve_pid=$!
url=""
for _ in $(seq 300); do
  url="$(grep -o 'serving http://[0-9.:]*' "$w/serve.log" | head -1 | cut -d' ' -f2 || true)"
  [ -n "$url" ] && break
  sleep 0.2
done
[ -n "$url" ] || { echo "serve did not start:"; cat "$w/serve.log"; exit 1; }
token="$w/sstore/serve/token"

rm -f "$w/docker.sock"
dockerd --host "unix://$w/docker.sock" --data-root "$w/docker" --exec-root "$w/de" --pidfile "$w/de.pid" \
  --iptables=false --ip6tables=false --bridge=none --storage-driver=overlay2 >"$w/dockerd.log" 2>&1 &
dockerd_pid=$!
# Debian's 20.10 CLI builds with BuildKit itself; a newer one on PATH may want buildx.
docker=/usr/bin/docker
for _ in $(seq 150); do "$docker" -H "unix://$w/docker.sock" info >/dev/null 2>&1 && break; sleep 0.2; done
d=("$docker" -H "unix://$w/docker.sock")
export DOCKER_BUILDKIT=1
tar -C "$w/ctx/rootfs" -c . | "${d[@]}" import - ts-bench-busybox >/dev/null
mkdir -p "$w/dctx"
printf 'FROM ts-bench-busybox\n%s' "$docker_steps" > "$w/dctx/Dockerfile"
db=("${d[@]}" build -q --network host)

cd "$w/ctx"
remote=(build ten.template.json --runtime "$url" --token-file "$token" --store "$w/cstore")
"$ts" build ten.template.json --store "$w/cstore" >/dev/null   # in the client; starts the local engine
for _ in $(seq 300); do [ -S "$w/cstore/serve/engine.sock" ] && break; sleep 0.2; done
"$ts" build ten.template.json --store "$w/cstore" >/dev/null
# The first remote build uploads the context; the next ones are cached rebuilds.
for _ in 1 2 3; do "$ts" "${remote[@]}" >/dev/null; done
"${db[@]}" -t ten "$w/dctx" >/dev/null

say "10-step busybox, cached rebuild through serve, perl thin client through its local engine vs BuildKit"
pair "${db[*]} -t ten $w/dctx" "$ts" "${remote[@]}"
# The same command from the JVM thin client (the launcher's client before the perl one).
jvm=(env TEMPLATE_STUDIO_CLIENT=jvm "$ts")
say "10-step busybox, cached rebuild through serve, JVM thin client through the local engine vs BuildKit"
pair "${db[*]} -t ten $w/dctx" "${jvm[@]}" "${remote[@]}"
say "10-step busybox, cached rebuild through serve, client in its own JVM (--no-daemon) vs BuildKit"
pair "${db[*]} -t ten $w/dctx" "$ts" "${remote[@]}" --no-daemon
say "for scale: 10-step busybox, cached rebuild by the local engine (embedded runtime) vs BuildKit"
pair "${db[*]} -t ten $w/dctx" "$ts" build ten.template.json --store "$w/cstore"
port="${url##*:}"
fb=("$repo/docs/perf/first_byte.py" "$port" "$runs")
say "first byte at the server after exec (a loopback proxy in front of serve): perl thin client through the engine"
"${fb[@]}" "$ts" build ten.template.json --runtime "{url}" --token-file "$token" --store "$w/cstore"
say "first byte after exec: JVM thin client through the engine"
"${fb[@]}" "${jvm[@]}" build ten.template.json --runtime "{url}" --token-file "$token" --store "$w/cstore"
say "first byte after exec: client in its own JVM (--no-daemon)"
"${fb[@]}" "$ts" build ten.template.json --runtime "{url}" --token-file "$token" --store "$w/cstore" --no-daemon
say "the server's own time for the cached rebuild (durationMs of build-end), 5 runs"
for _ in 1 2 3 4 5; do "$ts" "${remote[@]}" --progress jsonl | grep -o '"durationMs":[0-9]*' | tail -1; done
echo "# ended $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
