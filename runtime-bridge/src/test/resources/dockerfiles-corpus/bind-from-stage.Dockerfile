FROM golang:1.22 AS tools
RUN go install github.com/golangci/golangci-lint/cmd/golangci-lint@v1.60.0

FROM golang:1.22
WORKDIR /src
COPY . .
RUN --mount=type=bind,from=tools,source=/go/bin,target=/tools \
    --mount=type=cache,target=/root/.cache \
    /tools/golangci-lint run ./...
RUN --mount=type=bind,from=alpine:3.20,source=/etc,target=/alpine-etc,rw ls /alpine-etc
CMD ["go", "test", "./..."]
