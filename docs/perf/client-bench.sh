#!/usr/bin/env bash
# The thin clients alone (issue 16): on one warm local engine, a cached 10-step busybox rebuild
# through the perl client and through the JVM client (TEMPLATE_STUDIO_CLIENT=jvm), alternating,
# N times each (default 15); medians of each whole process's wall and CPU (user + sys, its
# children's included) from bash's `time`, in ms. BEFORE=path may name another launcher to time
# instead of the JVM client (e.g. main's `template-studio`, copied beside this repo's).
# Needs: root, a packaged jar (./mvnw -B -q package -DskipTests), busybox-static.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
ts="$repo/template-studio"
n="${N:-15}"
w="$(mktemp -d /tmp/tscb.XXXX)"
cleanup() {
  stop_local_daemon "$w/store"
  sleep 1
  rm -rf "$w" 2>/dev/null || true
}
trap cleanup EXIT
. "$repo/docs/perf/bench-lib.sh"
ten_step_template "$w/ctx" && cd "$w/ctx"
"$ts" build ten.template.json --store "$w/store" >/dev/null   # in the JVM client; starts the engine
for _ in $(seq 300); do [ -S "$w/store/serve/engine.sock" ] && break; sleep 0.2; done
sleep 2
before=(env TEMPLATE_STUDIO_CLIENT=jvm "$ts")
[ -n "${BEFORE:-}" ] && before=("$BEFORE")
for _ in 1 2 3; do "$ts" build ten.template.json --store "$w/store" >/dev/null; "${before[@]}" build ten.template.json --store "$w/store" >/dev/null; done
echo "# $(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $n runs each"
TIMEFORMAT='%3R %3U %3S'
: > "$w/perl.t"; : > "$w/before.t"
for _ in $(seq "$n"); do
  { time "$ts" build ten.template.json --store "$w/store" >/dev/null 2>&1; } 2>> "$w/perl.t"
  { time "${before[@]}" build ten.template.json --store "$w/store" >/dev/null 2>&1; } 2>> "$w/before.t"
done
report() {
  echo "$2: wall $(awk '{print $1}' "$w/$1.t" | median) s, cpu $(awk '{print $2 + $3}' "$w/$1.t" | median) s" \
    "(user $(awk '{print $2}' "$w/$1.t" | median), sys $(awk '{print $3}' "$w/$1.t" | median))"
}
report perl "perl client"
report before "${before[*]}"
echo "# load at the end $(cut -d' ' -f1-3 /proc/loadavg)"
