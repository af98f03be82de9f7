package dev.templatestudio.bench;

import dev.templatestudio.bridge.dockerfile.Diagnostic;
import dev.templatestudio.bridge.dockerfile.ImportResult;

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

  /** What multi-stage files add (issue 12): mounts, COPY --from, ADD of a URL, EXPOSE $VAR. */
  private static final String[] STAGED = {
      "RUN --mount=type=cache,target=/root/.cache/pip,sharing=locked \\\n"
          + "    --mount=type=bind,source=requirements.txt,target=/tmp/req.txt pip install -r /tmp/req.txt\n",
      "RUN --mount=type=secret,id=token,env=TOKEN --mount=type=tmpfs,target=/tmp make fetch\n",
      "COPY --from=busybox:1.36 --chmod=0755 /bin/busybox /usr/local/bin/\n",
      "ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d"
          + " https://example.org/tini /tini\n",
      "ENV PORT=8000\n",
  };
  private static final int STAGES = 10;

  private LargeDockerfile() {}

  /**
   * A multi-stage Dockerfile with about {@code instructions} instructions: global ARGs built
   * from each other, {@value #STAGES} named stages with a SHELL each, and a last stage that
   * copies from every one of them, so that all are kept.
   */
  public static String generateStaged(int instructions) {
    StringBuilder out = new StringBuilder(instructions * 90);
    out.append("# syntax=docker/dockerfile:1\nARG REGISTRY=docker.io\n"
        + "ARG BASE=$REGISTRY/library/python:3.12-slim\n");
    int perStage = instructions / (STAGES + 1);
    for (int s = 0; s <= STAGES; s++) {
      out.append(s < STAGES ? "FROM $BASE AS s" + s + "\n" : "FROM $BASE\n");
      out.append("SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n");
      for (int i = 0; i < perStage; i++) {
        out.append(i % 3 == 0 ? STAGED[i / 3 % STAGED.length] : CYCLE[i % CYCLE.length]);
      }
    }
    for (int s = 0; s < STAGES; s++) {
      out.append("COPY --from=s").append(s).append(" /srv/app /stages/s").append(s).append('\n');
    }
    out.append("CMD [\"uvicorn\", \"main:app\"]\nEXPOSE $PORT\n");
    return out.toString();
  }

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

  /**
   * True when an import of a generated file went as meant: its one error is the step limit
   * (TemplateValidator.MAX_STEPS is far below 10,000, and the importer does all its work
   * before saying so); any other error means the generator is broken.
   */
  public static boolean importedAsMeant(ImportResult r) {
    return r.diagnostics().stream().filter(Diagnostic::isError)
        .allMatch(d -> d.message().startsWith("a template has at most"));
  }
}
