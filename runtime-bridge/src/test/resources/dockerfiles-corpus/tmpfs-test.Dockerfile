FROM python:3.12 AS test
WORKDIR /src
COPY requirements.txt .
RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt
COPY . .
RUN --mount=type=tmpfs,target=/tmp,size=256m python -m pytest -q

FROM python:3.12-slim
COPY --from=test /src /app
WORKDIR /app
CMD python -m app
