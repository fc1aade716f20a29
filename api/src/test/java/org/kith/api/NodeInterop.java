package org.kith.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the independent JavaScript implementations under {@code interop/} (jose, canonicalize, @sd-jwt/*,
 * Node's WebCrypto): installs them once with {@code npm ci} from the committed lock file, then runs one script
 * per call with JSON on stdin and JSON on stdout; also runs its tools (openapi-typescript, tsc) for the contract
 * test of the generated client.
 */
public final class NodeInterop {
  private static final Path DIR = Path.of("..", "interop").toAbsolutePath().normalize();
  private static final ObjectMapper JSON = new ObjectMapper();
  /** A directory of each package (or scope) in package.json: one missing means the install is out of date. */
  private static final List<String> PACKAGES = List.of(
      "jose",
      "@sd-jwt",
      "canonicalize",
      "playwright-core",
      "openid-client",
      "openapi-typescript",
      "openapi-fetch",
      "typescript",
      "@types/node",
      "axe-core",
      "standardwebhooks");

  private static boolean installed;

  private NodeInterop() {}

  /** Runs {@code interop/<script>} with {@code input}; returns its JSON output. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> run(String script, Object input) {
    install();
    try {
      String out = exec(JSON.writeValueAsString(input), "node", script);
      return JSON.readValue(out, Map.class);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The {@code interop/} directory, its packages installed. */
  public static Path directory() {
    install();
    return DIR;
  }

  /** What a command printed (stdout and stderr interleaved) and how it exited. */
  public record Outcome(int exitCode, String output) {}

  /**
   * Runs a tool of {@code interop/} (e.g. {@code node_modules/.bin/tsc}) in that directory; returns its exit code and
   * output instead of failing, for tests that assert on a compiler's verdict.
   */
  public static Outcome tool(List<String> command) {
    install();
    try {
      Path out = Files.createTempFile("node-", ".out");
      Process p = new ProcessBuilder(command)
          .directory(DIR.toFile())
          .redirectErrorStream(true)
          .redirectOutput(out.toFile())
          .start();
      p.getOutputStream().close();
      if (!p.waitFor(300, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(
            String.join(" ", command) + " did not finish in 300 s: " + Files.readString(out));
      }
      String output = Files.readString(out);
      Files.deleteIfExists(out);
      return new Outcome(p.exitValue(), output);
    } catch (IOException e) {
      throw new IllegalStateException(
          String.join(" ", command) + " could not run: install Node 20 and npm", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static synchronized void install() {
    if (installed) {
      return;
    }
    if (PACKAGES.stream()
        .anyMatch(p -> !Files.isDirectory(DIR.resolve("node_modules").resolve(p)))) {
      exec("", "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error");
    }
    installed = true;
  }

  private static String exec(String stdin, String... command) {
    try {
      Path err = Files.createTempFile("node-", ".err");
      Process p = new ProcessBuilder(command)
          .directory(DIR.toFile())
          .redirectError(err.toFile())
          .start();
      p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException(
            String.join(" ", command) + " failed (Node 20 and npm are needed for the "
                + "interoperability tests): " + Files.readString(err));
      }
      Files.deleteIfExists(err);
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(
          String.join(" ", command) + " could not run: install Node 20 and npm", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
