FROM ubuntu:22.04
LABEL org.opencontainers.image.source="https://github.com/acme/box"
MAINTAINER ops@example.org
ENV TZ=Etc/UTC
RUN ln -snf /usr/share/zoneinfo/$TZ /etc/localtime && echo $TZ > /etc/timezone
ONBUILD COPY . /app
STOPSIGNAL SIGTERM
CMD ["bash"]
