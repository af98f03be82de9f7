#!/usr/bin/env bash
# The same template built by `--runtime docker`, `--runtime embedded` and BuildKit's `docker build`:
# first build (--no-cache) and cached rebuild, wall time of the whole CLI (JVM start included),
# N rounds each, with the load beside them. Starts its own dockerd on a private socket and data
# root (stopped and removed at the end) so it never touches a Docker the machine runs; no bridge,
# so `docker build` runs with --network none (the steps need none).
# Needs root, Debian's docker.io and busybox-static, and the packaged jar (./mvnw -B -q package -DskipTests).
# Usage: docs/perf/docker-bench.sh [ROUNDS]
set -euo pipefail
# Debian's CLI (20.10) has BuildKit built in; a newer one elsewhere on PATH wants the buildx plugin.
docker() { /usr/bin/docker "$@"; }
rounds="${1:-3}"
repo="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d /tmp/docker-bench-XXXXXX)"
sock="$work/docker.sock"
export DOCKER_HOST="unix://$sock"
dockerd_pid=""
cleanup() {
  if [ -n "$dockerd_pid" ]; then kill "$dockerd_pid" 2>/dev/null || true; wait "$dockerd_pid" 2>/dev/null || true; fi
  # dockerd leaves its network namespace mounted in its exec root.
  awk -v root="/run/docker-bench-$$" 'index($2, root) == 1 { print $2 }' /proc/mounts | xargs -r umount
  rm -rf "$work" /var/lib/docker-bench-$$ /run/docker-bench-$$
}
trap cleanup EXIT

dockerd --host "$DOCKER_HOST" --data-root /var/lib/docker-bench-$$ --exec-root /run/docker-bench-$$ \
  --pidfile "$work/dockerd.pid" --iptables=false --ip6tables=false --bridge=none >"$work/dockerd.log" 2>&1 &
dockerd_pid=$!
for _ in $(seq 100); do docker version >/dev/null 2>&1 && break; sleep 0.2; done

# The base: Debian's busybox-static as a root file system, for the engine and for embedded.
rootfs="$work/ctx/rootfs"
mkdir -p "$rootfs/bin" "$rootfs/etc" "$rootfs/tmp"
cp /bin/busybox "$rootfs/bin/busybox"
for applet in $("$rootfs/bin/busybox" --list); do [ -e "$rootfs/bin/$applet" ] || ln -s busybox "$rootfs/bin/$applet"; done
echo 'root:x:0:0:root:/root:/bin/sh' >"$rootfs/etc/passwd"
echo 'root:x:0:' >"$rootfs/etc/group"
tar -C "$rootfs" -c . | docker import - bench-busybox:1 >/dev/null

mkdir -p "$work/ctx/app"
echo v1 >"$work/ctx/app/main.txt"
echo -n s3cr3t >"$work/secret"
export TOKEN=s3cr3t
template() { # BASE
  cat <<JSON
{"schema": "template-studio/v1", "name": "bench13", "base": {"image": "$1"},
 "secrets": ["TOKEN"], "resources": {"memoryMb": 256},
 "steps": [
   {"type": "run", "command": "echo fresh"},
   {"type": "copy", "sources": ["app/"], "dest": "/app/", "mode": "0600"},
   {"type": "env", "vars": {"APP_ENV": "prod"}},
   {"type": "run", "command": "echo token is \$TOKEN; echo \$TOKEN | rev > /rev.txt"}
 ]}
JSON
}
template "bench-busybox:1" >"$work/ctx/docker.template.json"
template "rootfs:rootfs" >"$work/ctx/embedded.template.json"
"$repo/template-studio" render "$work/ctx/docker.template.json" --format dockerfile >"$work/ctx/Dockerfile"
printf 'rootfs\n*.json\nDockerfile\n' >"$work/ctx/.dockerignore"

secs() { awk -v s="$1" -v e="$2" 'BEGIN { printf "%.2f", (e - s) / 1e9 }'; }
timed() { # LABEL COMMAND...
  local label="$1"; shift
  local t0 t1
  t0=$(date +%s%N)
  "$@" >"$work/out.log" 2>&1 || { echo "$label failed:"; tail -5 "$work/out.log"; exit 1; }
  t1=$(date +%s%N)
  printf '%-34s %6s s  %s  (load %s)\n' "$label" "$(secs "$t0" "$t1")" \
    "$(grep -o 'built in [0-9.]* *m\?s' "$work/out.log" | tail -1)" "$(cut -d' ' -f1-3 /proc/loadavg)"
}
ts() { "$repo/template-studio" "$@"; }
echo "$(date -u '+%F %T UTC'), $(nproc) cores, $(docker version -f 'dockerd {{.Server.Version}}') ($(docker info -f '{{.Driver}}')), $rounds rounds"
for r in $(seq "$rounds"); do
  timed "docker: first (--no-cache)" ts build "$work/ctx/docker.template.json" --runtime docker --store "$work/store" --no-cache --secret TOKEN --progress plain
  timed "docker: cached rebuild" ts build "$work/ctx/docker.template.json" --runtime docker --store "$work/store" --secret TOKEN --progress plain
  timed "embedded: first (--no-cache)" ts build "$work/ctx/embedded.template.json" --runtime embedded --store "$work/store" --no-cache --secret TOKEN --progress plain
  timed "embedded: cached rebuild" ts build "$work/ctx/embedded.template.json" --runtime embedded --store "$work/store" --secret TOKEN --progress plain
  timed "docker build (BuildKit): first" env DOCKER_BUILDKIT=1 /usr/bin/docker build --network none --no-cache -q --secret id=TOKEN,src="$work/secret" -t bench13:1 "$work/ctx"
  timed "docker build (BuildKit): cached" env DOCKER_BUILDKIT=1 /usr/bin/docker build --network none -q --secret id=TOKEN,src="$work/secret" -t bench13:1 "$work/ctx"
done
