FROM rust:1.79-slim
RUN apt-get update && apt-get install -y pkg-config libssl-dev
RUN cargo install ripgrep fd-find
RUN git clone --depth 1 https://github.com/example/agent.git /src/agent
WORKDIR /src/agent
RUN cargo build --release
ENTRYPOINT ["/src/agent/target/release/agent"]
CMD ["--listen", "0.0.0.0:9000", "--name", "my agent"]
EXPOSE 9000/tcp 9001/udp
