# syntax=docker/dockerfile:1.7
FROM ubuntu:24.04
ARG DEBIAN_FRONTEND=noninteractive
RUN <<EOF
set -eux
apt-get update
apt-get install -y python3 python3-venv
python3 -m venv /opt/venv
EOF
ENV PATH="/opt/venv/bin:$PATH"
RUN python3 <<'PY'
import sys
print("python", sys.version)
PY
RUN <<-SCRIPT
	echo "tabs are stripped"
	SCRIPT
CMD python3 -m http.server 8080
EXPOSE 8080
