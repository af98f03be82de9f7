package dev.templatestudio.bridge.embedded.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A Docker credential helper ({@code docker-credential-NAME get|store|erase}, found on PATH),
 * spoken to as Docker does: the server on stdin, JSON back. Its output is read up to 64 KiB and
 * it gets 30 s; neither its output nor its errors are ever put in a message, since both may
 * hold the secret.
 */
final class CredentialHelper {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_OUTPUT = 64 * 1024;
  private static final long TIMEOUT_SECONDS = 30;
  /** What helpers print when they have nothing for a server (docker-credential-helpers' errCredentialsNotFound). */
  private static final String NOT_FOUND = "credentials not found";
  private final String name;
  private final String searchPath;

  /** {@code searchPath}: the PATH to find the helper on (the environment the config was found in). */
  CredentialHelper(String name, String searchPath) {
    this.name = name;
    this.searchPath = searchPath == null ? "" : searchPath;
  }

  String program() {
    return "docker-credential-" + name;
  }

  /** The helper's credential for {@code server}, or empty when it has none. */
  Optional<Credential> get(String server) throws ImageSourceException {
    Result result = run("get", server);
    if (result.code != 0) {
      if (result.output.toLowerCase(java.util.Locale.ROOT).contains(NOT_FOUND)) {
        return Optional.empty();
      }
      throw new ImageSourceException("the credential helper " + program() + " failed for " + server
          + " (exit " + result.code + ")");
    }
    try {
      JsonNode node = JSON.readTree(result.output);
      String user = node.path("Username").asText("");
      String secret = node.path("Secret").asText("");
      if (secret.isEmpty()) {
        return Optional.empty();
      }
      // Docker's convention: a helper stores an identity token under the user "<token>".
      return Optional.of(user.equals("<token>") ? new Credential("", null, secret) : Credential.basic(user, secret));
    } catch (IOException e) {
      throw new ImageSourceException("the credential helper " + program() + " answered " + server
          + " with something that is not its JSON");
    }
  }

  void store(String server, Credential credential) throws ImageSourceException {
    ObjectNode body = JSON.createObjectNode();
    body.put("ServerURL", server);
    body.put("Username", credential.identityToken() != null ? "<token>" : credential.username());
    body.put("Secret", credential.secret());
    Result result = run("store", body.toString());
    if (result.code != 0) {
      throw new ImageSourceException("the credential helper " + program() + " could not store the login for "
          + server + " (exit " + result.code + ")");
    }
  }

  void erase(String server) throws ImageSourceException {
    Result result = run("erase", server);
    if (result.code != 0 && !result.output.toLowerCase(java.util.Locale.ROOT).contains(NOT_FOUND)) {
      throw new ImageSourceException("the credential helper " + program() + " could not erase the login for "
          + server + " (exit " + result.code + ")");
    }
  }

  private record Result(int code, String output) {}

  private Result run(String action, String input) throws ImageSourceException {
    java.nio.file.Path executable = find();
    Process process;
    try {
      process = new ProcessBuilder(executable.toString(), action).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new ImageSourceException("the credential helper " + executable + " could not be started");
    }
    try {
      CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> readBounded(process.getInputStream()));
      try (OutputStream in = process.getOutputStream()) {
        in.write(input.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        // A helper that exits without reading stdin: its exit code says what happened.
      }
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new ImageSourceException("the credential helper " + program() + " did not answer within "
            + TIMEOUT_SECONDS + " s");
      }
      return new Result(process.exitValue(), new String(output.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ImageSourceException("interrupted while waiting for the credential helper " + program());
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new ImageSourceException("the output of the credential helper " + program() + " could not be read");
    } finally {
      // A child the helper left behind would hold its stdout open and the reading thread with it.
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  private java.nio.file.Path find() throws ImageSourceException {
    if (!name.matches("[A-Za-z0-9._-]+")) {
      throw new ImageSourceException("the Docker config names a credential helper '" + name
          + "' that is not a plain name");
    }
    for (String dir : searchPath.split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty()) {
        java.nio.file.Path candidate = java.nio.file.Path.of(dir, program());
        if (java.nio.file.Files.isExecutable(candidate) && java.nio.file.Files.isRegularFile(candidate)) {
          return candidate;
        }
      }
    }
    throw new ImageSourceException("the credential helper " + program() + " named in the Docker config "
        + "is not on PATH");
  }

  /** Reads at most MAX_OUTPUT bytes and drains the rest, so a chatty helper neither blocks nor fills memory. */
  private static byte[] readBounded(InputStream in) {
    ByteArrayOutputStream kept = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try (in) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        kept.write(buffer, 0, Math.min(n, Math.max(0, MAX_OUTPUT - kept.size())));
      }
    } catch (IOException e) {
      // The process was ended; what was read is all there is.
    }
    return kept.toByteArray();
  }
}
