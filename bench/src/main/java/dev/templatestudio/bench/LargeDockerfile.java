package dev.templatestudio.bench;

/**
 * A realistic Dockerfile of any size: a cycle of the instructions real files use, with
 * continuation lines, comments, quoting and heredocs, so the benchmark exercises every path of
 * the importer rather than one.
 */
public final class LargeDockerfile {
  private static final String[] CYCLE = {
      "RUN apt-get update && apt-get install -y --no-install-recommends git curl \\\n"
          + "    # certificates for https\n    ca-certificates\n",
      "RUN pip install --no-cache-dir fastapi 'uvicorn[standard]' pydantic==2.8.2\n",
      "ENV APP_ENV=production PATH=\"/opt/venv/bin:$PATH\" GREETING='hello world'\n",
      "COPY --chown=app:app --chmod=0755 app/ scripts/run.sh /srv/app/\n",
      "WORKDIR /srv/app\n",
      "RUN make -j2 && make install && echo \"built $(date)\" > /etc/build-info\n",
      "RUN npm install -g typescript@5 ts-node\n",
      "RUN <<EOF\nset -eux\nuseradd -m app\nchown -R app /srv/app\nEOF\n",
      "USER app\n",
      "ARG BUILD_ID=local\n",
  };

  private LargeDockerfile() {}

  /** A Dockerfile with FROM and then {@code instructions} more, ending with CMD and EXPOSE. */
  public static String generate(int instructions) {
    StringBuilder out = new StringBuilder(instructions * 80);
    out.append("# syntax=docker/dockerfile:1\nARG PY=3.12\nFROM python:${PY}-slim\n");
    for (int i = 0; i < instructions; i++) {
      out.append(CYCLE[i % CYCLE.length]);
    }
    out.append("CMD [\"uvicorn\", \"main:app\", \"--host\", \"0.0.0.0\"]\nEXPOSE 8000\n");
    return out.toString();
  }
}
