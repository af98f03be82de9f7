FROM rust:1.79-alpine AS chef
RUN apk add --no-cache musl-dev
RUN cargo install cargo-chef --locked
WORKDIR /app

FROM chef AS planner
COPY . .
RUN cargo chef prepare --recipe-path recipe.json

FROM chef AS builder
COPY --from=planner /app/recipe.json recipe.json
RUN --mount=type=cache,target=/usr/local/cargo/registry cargo chef cook --release --recipe-path recipe.json
COPY . .
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/app/target,sharing=locked \
    cargo build --release && cp target/release/agent /usr/local/bin/agent

FROM alpine:3.20
RUN addgroup -S app && adduser -S app -G app
COPY --from=builder /usr/local/bin/agent /usr/local/bin/agent
USER app
CMD ["agent", "--listen", "0.0.0.0:7000"]
