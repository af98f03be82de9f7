FROM alpine:3.20
ARG TARGETPLATFORM
ARG BUILDPLATFORM
RUN echo "building on $BUILDPLATFORM for $TARGETPLATFORM" > /platform.txt
RUN apk add --no-cache bash curl git openssh-client
ADD https://example.org/certs/internal-ca.pem /usr/local/share/ca-certificates/internal-ca.crt
RUN update-ca-certificates
ENTRYPOINT ["/bin/bash"]
