# syntax=docker/dockerfile:1
FROM debian:bookworm-slim
RUN <<EOF
set -eux
apt-get update
apt-get install -y --no-install-recommends curl ca-certificates
rm -rf /var/lib/apt/lists/*
EOF
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked <<SCRIPT
set -e
echo "cached apt"
SCRIPT
COPY <<EOF /etc/motd
Welcome to the box.
EOF
CMD ["bash"]
