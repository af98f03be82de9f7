FROM mcr.microsoft.com/devcontainers/base:bookworm
SHELL ["/bin/bash", "-euo", "pipefail", "-c"]
ARG USERNAME=vscode
RUN apt-get update && apt-get install -y --no-install-recommends jq ripgrep && rm -rf /var/lib/apt/lists/*
RUN curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
USER $USERNAME
WORKDIR /home/$USERNAME
VOLUME /home/vscode/.cache
