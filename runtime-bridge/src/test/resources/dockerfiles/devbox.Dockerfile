FROM debian:bookworm
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN apt-get update && apt-get install -y \
      git \
      curl \
      ca-certificates \
      sudo
RUN useradd -m -s /bin/bash dev && echo 'dev ALL=(ALL) NOPASSWD:ALL' > /etc/sudoers.d/dev
RUN curl -fsSL https://deb.nodesource.com/setup_20.x | bash - && apt-get install -y nodejs
RUN npm install --global @anthropic-ai/sdk typescript ts-node
USER dev
WORKDIR /home/dev
ENV EDITOR=vim \
    TERM=xterm-256color
ADD --chown=dev:dev dotfiles.tar.gz /home/dev/
HEALTHCHECK NONE
CMD ["sleep", "infinity"]
