# syntax=docker/dockerfile:1.7
FROM debian:12-slim
ARG SITE=demo
RUN useradd -m app
USER app
COPY <<EOF /etc/motd
Welcome to $SITE
EOF
COPY --chown=app:app --chmod=0755 <<'SH' /home/app/bin/serve
#!/bin/sh
exec python3 -m http.server "${PORT:-8000}"
SH
COPY <<robots.txt <<humans.txt /srv/www/
User-agent: *
Disallow:
robots.txt
Made by people
humans.txt
CMD /home/app/bin/serve
