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
  local pid
  for pid in $(ls /proc | grep -E '^[0-9]+$'); do
    if tr "\\0" " " 2>/dev/null < "/proc/$pid/cmdline" | grep -q -- "--socket $w/store/serve/local.sock"; then
      kill "$pid" 2>/dev/null || true
    fi
  done
  sleep 1
  rm -rf "$w" 2>/dev/null || true
}
trap cleanup EXIT
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
mkdir -p "$w/ctx" && cp "$repo/examples/busybox/make-rootfs.sh" "$w/ctx/" && cd "$w/ctx" && ./make-rootfs.sh >/dev/null
steps=""
for i in $(seq 1 10); do steps="$steps${steps:+,}{\"type\":\"run\",\"command\":\"echo $i > /s$i\"}"; done
echo "{\"schema\":\"template-studio/v1\",\"name\":\"ten\",\"base\":{\"image\":\"rootfs:rootfs\"},\"steps\":[$steps]}" > ten.template.json
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
