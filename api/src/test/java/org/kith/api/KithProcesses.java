package org.kith.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kith (the built jar) and other JVMs as separate processes, for tests that kill them: start, wait until healthy,
 * talk HTTP, sign a user up by the code in the mail pickup directory, stop and clean up.
 */
public final class KithProcesses {
  public static final String PASSWORD = "correct horse battery";
  static final Pattern TOKEN = Pattern.compile("\"access_token\":\"([^\"]+)\"");
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private KithProcesses() {}

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static Path java() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  /** Starts a JVM; its output goes to {@code log}. */
  public static Process startJava(Path log, List<String> arguments) throws IOException {
    return startJava(log, java.util.Map.of(), arguments);
  }

  /** Starts a JVM with {@code environment} added to this one's; its output goes to {@code log}. */
  public static Process startJava(
      Path log, java.util.Map<String, String> environment, List<String> arguments)
      throws IOException {
    List<String> command = new ArrayList<>(List.of(java().toString()));
    command.addAll(arguments);
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(environment);
    return builder.start();
  }

  /** Starts Kith from the packaged jar on {@code port} with {@code dataDir}, logging next to the data dir. */
  public static Process start(Path dataDir, int port, String... extra) throws IOException {
    return start(java.util.Map.of(), dataDir, port, extra);
  }

  /** As {@link #start(Path, int, String...)}, with {@code environment} added to the process's. */
  public static Process start(
      java.util.Map<String, String> environment, Path dataDir, int port, String... extra)
      throws IOException {
    Path jar = Path.of("target/kith.jar").toAbsolutePath();
    assertThat(jar).as("the packaged jar").exists();
    List<String> arguments = new ArrayList<>(List.of(
        "-Xmx768m", "-jar", jar.toString(), "--server.port=" + port, "--kith.data-dir=" + dataDir));
    arguments.addAll(List.of(extra));
    return startJava(
        dataDir.resolveSibling(dataDir.getFileName() + "-" + port + ".log"),
        environment,
        arguments);
  }

  public static void awaitUp(int port, Process process) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
    while (Instant.now().isBefore(deadline)) {
      assertThat(process.isAlive()).as("Kith process alive").isTrue();
      try {
        if (send(port, "GET", "/actuator/health", null, null).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new AssertionError("Kith did not start");
  }

  public static HttpResponse<String> send(
      int port, String method, String path, String token, String body)
      throws IOException, InterruptedException {
    return send(port, method, path, token, body, null);
  }

  /** An HTTP exchange with a 20 s bound; {@code consistency} is sent as the consistency token if not null. */
  public static HttpResponse<String> send(
      int port, String method, String path, String token, String body, String consistency)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(20))
        .header("Content-Type", "application/json")
        .method(
            method,
            body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (consistency != null) {
      b.header("Kith-Consistency-Token", consistency);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Signs {@code username} up and verifies it by the code in {@code dataDir}'s mail pickup directory. */
  public static void signupVerified(int port, Path dataDir, String username) throws Exception {
    send(
        port,
        "POST",
        "/v1/auth/signup",
        null,
        "{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD + "\"}");
    String code = PickupMails.latestCode(dataDir, username, 1);
    send(
        port,
        "POST",
        "/v1/auth/verify",
        null,
        "{\"username\":\"" + username + "\",\"verification_code\":\"" + code + "\"}");
  }

  public static String login(int port, String username) throws Exception {
    String body = "{\"grant_type\":\"password\",\"username\":\"" + username + "\",\"password\":\""
        + PASSWORD + "\"}";
    Matcher m = TOKEN.matcher(send(port, "POST", "/v1/auth/token", null, body).body());
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  public static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
    assertThat(m.find()).as(name + " in " + json).isTrue();
    return m.group(1);
  }

  /** Stops the process (SIGTERM, then SIGKILL after a minute). */
  public static void stop(Process process) throws InterruptedException {
    process.destroy();
    process.waitFor(60, TimeUnit.SECONDS);
    if (process.isAlive()) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** Deletes a directory tree. */
  public static void delete(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (var files = Files.walk(dir)) {
        files
            .sorted(java.util.Comparator.reverseOrder())
            .forEach(p -> p.toFile().delete());
      }
    }
  }
}
