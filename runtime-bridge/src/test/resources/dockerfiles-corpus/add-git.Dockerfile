FROM golang:1.22-alpine AS src
ADD --keep-git-dir=true https://github.com/acme/widget.git#v2.1.0 /src/widget
WORKDIR /src/widget
RUN go build -o /out/widget .

FROM alpine:3.20
ADD git@github.com:acme/config.git#main /etc/acme
COPY --from=src /out/widget /usr/local/bin/widget
CMD ["widget"]
