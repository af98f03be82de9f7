ARG CUDA=12.4.1
ARG UBUNTU=22.04
FROM nvidia/cuda:${CUDA}-cudnn-runtime-ubuntu${UBUNTU}
ENV DEBIAN_FRONTEND=noninteractive PIP_NO_CACHE_DIR=1
RUN apt-get update && apt-get install -y --no-install-recommends python3 python3-pip git && rm -rf /var/lib/apt/lists/*
RUN --mount=type=cache,target=/root/.cache/pip pip3 install torch torchvision --index-url https://download.pytorch.org/whl/cu124
WORKDIR /workspace
COPY train.py .
STOPSIGNAL SIGINT
CMD ["python3", "train.py"]
