FROM golang:1.22
# build tools for the agent
RUN apt-get update \
 && apt-get install -y -q \
      # compilers
      build-essential \
      pkg-config \
 && rm -rf /var/lib/apt/lists/*
ENV GOPATH=/go PATH=/go/bin:$PATH
RUN go install golang.org/x/tools/gopls@latest
WORKDIR /workspace
CMD ["bash"]
