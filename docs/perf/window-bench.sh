#!/usr/bin/env bash
# The studio's start, measured from outside: runs the packaged launcher RUNS times (default 5)
# on $DISPLAY (an Xvfb is fine), each run closing itself once the first frame of its window has
# been painted, and prints per run the wall time from exec of ./template-studio to that frame,
# the CPU time the process and its FX and main threads had used by then, the load average
# before the run, and the medians. The CPU figures hardly depend on what else the machine runs,
# so they compare runs taken at different loads; the wall time needs a quiet machine.
#
#   Xvfb :95 -screen 0 1600x1000x24 &
#   DISPLAY=:95 docs/perf/window-bench.sh 7           # as a user would start it
#   FIRST=1 DISPLAY=:95 docs/perf/window-bench.sh 3   # each run a first launch (no archive)
#   SCRATCH=1 DISPLAY=:95 docs/perf/window-bench.sh 5 # then "Start from scratch" once per run,
#                                                     # timed from the click to the painted editor
#
# Each run gets the same fresh home (no preferences, recent files or store), made once in a
# temporary folder, so the figures do not depend on the account's own studio state.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs="${1:-5}"
: "${DISPLAY:?set DISPLAY (for example an Xvfb on :95)}"
home="$(mktemp -d)"
trap 'rm -rf "$home"' EXIT
walls=() cpus=() fxs=() scratches=() scratchcpus=()
mode=exit; if [ -n "${SCRATCH:-}" ]; then mode=scratch; fi
for ((i = 1; i <= runs; i++)); do
  if [ -n "${FIRST:-}" ]; then rm -f "$here/app/target/template-studio-gui.jsa"; fi
  load="$(cut -d' ' -f1 /proc/loadavg)"
  start="$(date +%s%3N)"
  out="$(HOME="$home" TEMPLATE_STUDIO_JAVA_OPTS="-Dtemplatestudio.timing=$mode ${BENCH_JAVA_OPTS:-}" \
    timeout 120 "$here/template-studio" 2>&1 >/dev/null)"
  line="$(grep -m1 'first frame at' <<<"$out")"
  scratch="$(grep -m1 'scratch painted' <<<"$out")"
  if [ -z "$line" ]; then echo "run $i: no first frame reported" >&2; continue; fi
  frame="$(sed -E 's/.*first frame at ([0-9]+) epoch.*/\1/' <<<"$line")"
  cpu="$(sed -E 's/.* ([0-9]+) ms of CPU.*/\1/' <<<"$line")"
  fx="$(sed -E 's/.*FX thread (-?[0-9]+) ms.*/\1/' <<<"$line")"
  wall=$((frame - start))
  walls+=("$wall") cpus+=("$cpu") fxs+=("$fx")
  echo "run $i: window painted $wall ms after exec (load $load); ${line#*after JVM start, }"
  if [ -n "$scratch" ]; then
    scratches+=("$(sed -E 's/.*scratch painted ([0-9]+) ms.*/\1/' <<<"$scratch")")
    scratchcpus+=("$(sed -E 's/.* ([0-9]+) ms of FX thread CPU.*/\1/' <<<"$scratch")")
    echo "run $i: ${scratch#template-studio: }"
  fi
  sleep 1
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
echo "median of ${#walls[@]}: window painted $(median "${walls[@]}") ms after exec, $(median "${cpus[@]}") ms of CPU" \
  "(FX thread $(median "${fxs[@]}") ms); load average now $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "${#scratches[@]}" -gt 0 ]; then
  echo "median of ${#scratches[@]}: Start from scratch painted $(median "${scratches[@]}") ms after the click," \
    "$(median "${scratchcpus[@]}") ms of FX thread CPU"
fi
