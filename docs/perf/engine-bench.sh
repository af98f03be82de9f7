#!/usr/bin/env bash
# The CLI through the local engine beside BuildKit (issue 16), as docs/PERFORMANCE.md reports
# it: whole processes, our `./template-studio` (thin client + warm engine) against `docker build`
# (BuildKit) and `docker run` on a private dockerd, pair by pair in the same run; the same
# without the engine (--no-daemon) for the before. Bases come from local files only: a busybox
# rootfs (examples/busybox/make-rootfs.sh) and, when DEBIAN_TAR names one, a Debian minbase tar,
# each imported into dockerd with `docker import`; never Docker Hub. The Debian template's first
# build installs packages from the Debian mirror (network).
# Needs: root, a packaged jar (./mvnw -B -q package -DskipTests), busybox-static, docker.io.
# Each pair runs 5 times, A and B in turn, timed by GNU time (wall and user+sys CPU, medians);
# BENCH may name another timer that takes `--vs 'B' -- A`. Everything it starts is ended by pid
# on exit.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
ts="$repo/template-studio"
. "$repo/docs/perf/bench-lib.sh"
# pair --vs 'B' -- A...: A and B in turn, 5 times each, then each one's median wall and CPU.
pair() {
  local b="$2"; shift 3
  local i
  : > "$w/a.t"; : > "$w/b.t"
  for i in 1 2 3 4 5; do
    /usr/bin/time -a -o "$w/a.t" -f "%e %U %S" "$@" >/dev/null 2>&1 || true
    /usr/bin/time -a -o "$w/b.t" -f "%e %U %S" $b >/dev/null 2>&1 || true
  done
  echo "A wall $(awk '{print $1}' "$w/a.t" | median) s, cpu $(awk '{print $2 + $3}' "$w/a.t" | median) s: $*"
  echo "B wall $(awk '{print $1}' "$w/b.t" | median) s, cpu $(awk '{print $2 + $3}' "$w/b.t" | median) s: $b"
}
if [ -n "${BENCH:-}" ]; then bench=($BENCH); else bench=(pair); fi
w="$(mktemp -d /tmp/tseb.XXXX)"
s="$w/store"
dockerd_pid=""
cleanup() {
  stop_local_daemon "$s"
  if [ -n "$dockerd_pid" ]; then kill "$dockerd_pid" 2>/dev/null || true; wait "$dockerd_pid" 2>/dev/null || true; fi
  sleep 1
  rm -rf "$w" 2>/dev/null || true
}
trap cleanup EXIT

echo "# $(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(uname -r)"
ten_step_template "$w/ctx"
echo '{"schema":"template-studio/v1","name":"big","base":{"image":"rootfs:rootfs"},
 "steps":[{"type":"run","command":"dd if=/dev/zero of=/big bs=1M count=500 2>/dev/null"}]}' > "$w/ctx/big.template.json"

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
mkdir -p "$w/dctx" "$w/dbig"
printf 'FROM ts-bench-busybox\n%s' "$docker_steps" > "$w/dctx/Dockerfile"
printf 'FROM ts-bench-busybox\nRUN dd if=/dev/zero of=/big bs=1M count=500 2>/dev/null\n' > "$w/dbig/Dockerfile"
db=("${d[@]}" build -q --network host)

cd "$w/ctx"
"$ts" build ten.template.json --store "$s" >/dev/null   # in the client; starts the engine
for _ in $(seq 300); do [ -S "$s/serve/engine.sock" ] && break; sleep 0.2; done
"$ts" build ten.template.json --store "$s" >/dev/null
"${db[@]}" -t ten "$w/dctx" >/dev/null

say "10-step busybox, cached rebuild: engine vs BuildKit"
"${bench[@]}" --vs "${db[*]} -t ten $w/dctx" -- "$ts" build ten.template.json --store "$s"
say "10-step busybox, cached rebuild: no engine (--no-daemon) vs BuildKit"
"${bench[@]}" --vs "${db[*]} -t ten $w/dctx" -- "$ts" build ten.template.json --store "$s" --no-daemon
say "10-step busybox, first build (--no-cache): engine vs BuildKit"
"${bench[@]}" --vs "${db[*]} --no-cache -t ten $w/dctx" -- "$ts" build ten.template.json --store "$s" --no-cache
say "run REF -- true: engine vs docker run --rm IMAGE true"
"${bench[@]}" --vs "${d[*]} run --rm --network none ten true" -- "$ts" run ten --store "$s" -- true
say "run REF -- true: no engine vs docker run"
"${bench[@]}" --vs "${d[*]} run --rm --network none ten true" -- "$ts" run ten --store "$s" --no-daemon -- true
say "one step writing 500 MB (--no-cache): engine vs BuildKit"
"${bench[@]}" --vs "${db[*]} --no-cache -t big $w/dbig" -- "$ts" build big.template.json --store "$s" --no-cache
if [ -n "${DEBIAN_TAR:-}" ]; then
  mkdir -p "$w/deb" "$w/ddeb"
  cp "$DEBIAN_TAR" "$w/deb/bookworm.tar"
  echo '{"schema":"template-studio/v1","name":"deb","base":{"image":"rootfs:bookworm.tar"},
   "steps":[{"type":"run","command":"apt-get update && apt-get install -y git curl python3"}]}' > "$w/deb/deb.template.json"
  "${d[@]}" import "$DEBIAN_TAR" ts-bench-bookworm >/dev/null
  printf 'FROM ts-bench-bookworm\nRUN apt-get update && apt-get install -y git curl python3\n' > "$w/ddeb/Dockerfile"
  (cd "$w/deb" && "$ts" build deb.template.json --store "$s" >/dev/null)
  "${db[@]}" -t deb "$w/ddeb" >/dev/null
  say "Debian + apt, cached rebuild, rootfs:TAR base: engine vs BuildKit"
  (cd "$w/deb" && "${bench[@]}" --vs "${db[*]} -t deb $w/ddeb" -- "$ts" build deb.template.json --store "$s")
  # The same with a small file copied after the apt step, its bytes edited before every build
  # of either (same size, new content: only its times tell the change): the copy step and
  # what follows it are made again, the apt step comes from the cache.
  printf '#!/bin/sh\n# edited FILE COMMAND...: new bytes into FILE, then COMMAND.\nf="$1"; shift\ndate +%%s%%N > "$f"\nexec "$@"\n' \
    > "$w/edited"
  chmod +x "$w/edited"
  date +%s%N > "$w/deb/note.txt"
  cp "$w/deb/note.txt" "$w/ddeb/note.txt"
  echo '{"schema":"template-studio/v1","name":"debedit","base":{"image":"rootfs:bookworm.tar"},
   "steps":[{"type":"run","command":"apt-get update && apt-get install -y git curl python3"},
    {"type":"copy","sources":["note.txt"],"dest":"/note.txt"}]}' > "$w/deb/debedit.template.json"
  printf 'FROM ts-bench-bookworm\nRUN apt-get update && apt-get install -y git curl python3\nCOPY note.txt /note.txt\n' \
    > "$w/ddeb/Dockerfile.edit"
  (cd "$w/deb" && "$ts" build debedit.template.json --store "$s" >/dev/null)
  "${db[@]}" -f "$w/ddeb/Dockerfile.edit" -t debedit "$w/ddeb" >/dev/null
  say "Debian + apt, one copied file edited: engine vs BuildKit"
  (cd "$w/deb" && "${bench[@]}" --vs "$w/edited $w/ddeb/note.txt ${db[*]} -f $w/ddeb/Dockerfile.edit -t debedit $w/ddeb" \
    -- "$w/edited" note.txt "$ts" build debedit.template.json --store "$s")
  say "the engine's own time for the Debian build with one copied file edited (built in …), 5 runs"
  for _ in 1 2 3 4 5; do
    (cd "$w/deb" && "$w/edited" note.txt "$ts" build debedit.template.json --store "$s" --progress jsonl) \
      | grep -o '"durationMs":[0-9]*' | tail -1
  done
fi
say "the engine's own time for the cached 10-step rebuild (built in …), 5 runs"
for _ in 1 2 3 4 5; do "$ts" build ten.template.json --store "$s" --progress jsonl | grep -o '"durationMs":[0-9]*' | tail -1; done
# The engine's JIT is still warming after the builds above: the same once it has built 150 more.
for _ in $(seq 150); do "$ts" build ten.template.json --store "$s" >/dev/null; done
say "the engine's own time for the cached 10-step rebuild after 150 more, 30 runs (sorted; median is the 15th)"
for _ in $(seq 30); do "$ts" build ten.template.json --store "$s" --progress jsonl | grep -o '"durationMs":[0-9]*' | tail -1; done \
  | sed 's/.*://' | sort -n | tr '\n' ' '
echo
