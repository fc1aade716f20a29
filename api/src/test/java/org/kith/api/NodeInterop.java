package org.kith.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the independent JavaScript implementations under {@code interop/} (jose, canonicalize, @sd-jwt/*,
 * Node's WebCrypto): installs them once with {@code npm ci} from the committed lock file, then runs one script
 * per call with JSON on stdin and JSON on stdout.
 */
public final class NodeInterop {
  private static final Path DIR = Path.of("..", "interop").toAbsolutePath().normalize();
  private static final ObjectMapper JSON = new ObjectMapper();
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

  private static synchronized void install() {
    if (installed) {
      return;
    }
    if (!Files.isDirectory(DIR.resolve("node_modules/jose")) || !Files.isDirectory(DIR.resolve("node_modules/@sd-jwt"))
        || !Files.isDirectory(DIR.resolve("node_modules/playwright-core"))) {
      exec("", "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error");
    }
    installed = true;
  }

  private static String exec(String stdin, String... command) {
    try {
      Path err = Files.createTempFile("node-", ".err");
      Process p = new ProcessBuilder(command).directory(DIR.toFile()).redirectError(err.toFile()).start();
      p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " failed (Node 20 and npm are needed for the "
            + "interoperability tests): " + Files.readString(err));
      }
      Files.deleteIfExists(err);
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(String.join(" ", command) + " could not run: install Node 20 and npm", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
