FROM debian:bookworm-slim
COPY --from=docker:27-cli /usr/local/bin/docker /usr/local/bin/docker
COPY --from=docker/buildx-bin:0.17 /buildx /usr/libexec/docker/cli-plugins/docker-buildx
COPY --from=busybox:1.36 --chmod=0755 /bin/busybox /usr/local/bin/busybox
RUN docker --version
