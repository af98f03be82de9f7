# Shared by the issue-16 benches (engine-bench.sh, serve-bench.sh, client-bench.sh): sourced, not run.

# The median of numbers, one a line.
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

# A heading with the load beside it.
say() { echo "## $* (load $(cut -d' ' -f1-3 /proc/loadavg))"; }

# Ends the local daemon of store $1 (started detached by a build; found by its socket in argv).
stop_local_daemon() {
  local pid
  for pid in $(ls /proc | grep -E '^[0-9]+$'); do
    if tr "\\0" " " 2>/dev/null < "/proc/$pid/cmdline" | grep -q -- "--socket $1/serve/local.sock"; then
      kill "$pid" 2>/dev/null || true
    fi
  done
}

# Writes into folder $1 a busybox rootfs and ten.template.json, ten run steps on `rootfs:rootfs`;
# sets docker_steps to the same steps as Dockerfile lines.
ten_step_template() {
  local i steps=""
  docker_steps=""
  mkdir -p "$1"
  cp "$repo/examples/busybox/make-rootfs.sh" "$1/"
  (cd "$1" && ./make-rootfs.sh >/dev/null)
  for i in $(seq 1 10); do
    steps="$steps${steps:+,}{\"type\":\"run\",\"command\":\"echo $i > /s$i\"}"
    docker_steps="${docker_steps}RUN echo $i > /s$i"$'\n'
  done
  echo "{\"schema\":\"template-studio/v1\",\"name\":\"ten\",\"base\":{\"image\":\"rootfs:rootfs\"},\"steps\":[$steps]}" \
    > "$1/ten.template.json"
}
