FROM python:3.12-slim AS runtime
ENV PYTHONDONTWRITEBYTECODE=1
WORKDIR /app
RUN pip install --no-cache-dir gunicorn

FROM runtime AS dev
RUN pip install --no-cache-dir pytest ipython
CMD ["pytest"]

FROM runtime
COPY . /app
EXPOSE 5000
CMD ["gunicorn", "-b", "0.0.0.0:5000", "app:app"]
