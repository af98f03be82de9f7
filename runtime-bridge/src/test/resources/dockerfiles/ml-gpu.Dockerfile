FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04
ENV DEBIAN_FRONTEND noninteractive
RUN apt-get update && apt-get install -y python3-pip git
RUN pip install torch==2.3.1 --index-url https://download.pytorch.org/whl/cu121
RUN pip install transformers accelerate
COPY serve.py /opt/serve.py
MAINTAINER someone@example.com
CMD ["python3", "/opt/serve.py"]
EXPOSE 7860
