ARG BASE=python
ARG TAG=3.11-slim
FROM ${BASE}:${TAG}
ARG PIP_INDEX_URL=https://pypi.org/simple
ARG BUILD_DATE
ENV LANG=C.UTF-8 LC_ALL=C.UTF-8
RUN apt-get update -qq && apt-get install -yqq --no-install-recommends libgomp1
RUN pip3 install -q polars duckdb pyarrow
RUN python -c "import polars, duckdb; print('ok')"
WORKDIR /data
VOLUME /data
ENTRYPOINT python -m my_pipeline
