FROM ubuntu:24.04
ARG TARGETARCH
ARG KUBECTL_VERSION=1.31.0
RUN apt-get update && apt-get install -y curl
RUN curl -fsSLo /usr/local/bin/kubectl "https://dl.k8s.io/release/v${KUBECTL_VERSION}/bin/linux/${TARGETARCH}/kubectl" \
 && chmod +x /usr/local/bin/kubectl
CMD ["kubectl", "version", "--client"]
