import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;


/** KithBench's HTTP client, accounts and helpers: the base of the benchmark's classes (see {@link KithBench}). */
abstract class KithBenchClient {
  static final int USERS = 16;
  // Long enough for a password grant on a loaded machine, short enough that one lost request does not
  // idle a client for the rest of a short measurement window.
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  static final Duration MAIL_WAIT = Duration.ofSeconds(30);
  static final Pattern CODE = Pattern.compile("Your verification code is: (\\d{6})");

  final URI base;
  final Path mailDir;
  final int concurrency;
  final HttpClient http;
  final ExecutorService workers;

  KithBenchClient(URI base, Path dataDir, int concurrency) {
    this.base = base;
    this.mailDir = dataDir.resolve("mail");
    this.concurrency = concurrency;
    // HTTP/1.1 so every virtual client holds its own keep-alive connection, as real clients would;
    // a fixed executor keeps the client's own thread count predictable on a small machine.
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10))
        .executor(Executors.newFixedThreadPool(Math.max(2, concurrency), daemon("http")))
        .build();
    this.workers = Executors.newFixedThreadPool(concurrency, daemon("client"));
  }

  static final Pattern N_ID = Pattern.compile("\"n_id\":\"([^\"]+)\"");

  // ---------------------------------------------------------------------------------------------
  // Setup: accounts

  record User(String username, String password) {}

  /** Fresh, unique accounts each run, so the bench can be repeated against the same data directory. */
  List<User> createUsers(int count) throws Exception {
    String run = Long.toString(System.currentTimeMillis(), 36) + hex(3);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      names.add("bench-" + run + "-" + i + "@example.com");
    }
    return createUsers(names);
  }

  List<User> createUsers(List<String> usernames) throws Exception {
    List<User> users = new ArrayList<>();
    for (String username : usernames) {
      User u = new User(username, "Bench-" + hex(12));
      HttpResponse<String> r = post("v1/auth/signup",
          "{\"username\":\"" + u.username() + "\",\"password\":\"" + u.password() + "\"}");
      require(r, 201, "signup " + u.username());
      users.add(u);
    }
    for (User u : users) {
      String code = awaitCode(u.username());
      HttpResponse<String> r = post("v1/auth/verify",
          "{\"username\":\"" + u.username() + "\",\"verification_code\":\"" + code + "\"}");
      require(r, 200, "verify " + u.username());
    }
    System.out.printf(Locale.ROOT, "created and verified %d users%n", users.size());
    return users;
  }

  /**
   * The code from the newest message addressed to the user. File names start with the send time in
   * epoch milliseconds, so the lexicographically last match is the newest.
   */
  String awaitCode(String username) throws Exception {
    long deadline = System.nanoTime() + MAIL_WAIT.toNanos();
    while (true) {
      Optional<String> code = findCode(username);
      if (code.isPresent()) {
        return code.get();
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no verification email for " + username + " in " + mailDir);
      }
      Thread.sleep(100);
    }
  }

  Optional<String> findCode(String username) throws IOException {
    if (!Files.isDirectory(mailDir)) {
      return Optional.empty();
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(mailDir)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".eml")).sorted().toList();
    }
    String found = null;
    for (Path file : files) {
      Eml eml = Eml.parse(Files.readString(file, StandardCharsets.ISO_8859_1));
      if (eml.to().toLowerCase(Locale.ROOT).contains(username.toLowerCase(Locale.ROOT))) {
        Matcher m = CODE.matcher(eml.body());
        if (m.find()) {
          found = m.group(1);
        }
      }
    }
    return Optional.ofNullable(found);
  }

  /** Just enough RFC 5322 / MIME to read a single-part text message from Jakarta Mail. */
  record Eml(String to, String body) {
    static Eml parse(String raw) {
      String text = raw.replace("\r\n", "\n");
      int split = text.indexOf("\n\n");
      String head = split < 0 ? text : text.substring(0, split);
      String body = split < 0 ? "" : text.substring(split + 2);
      // Unfold continuation lines so a long To: header reads as one.
      Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      for (String line : head.replaceAll("\n[ \t]+", " ").split("\n")) {
        int colon = line.indexOf(':');
        if (colon > 0) {
          headers.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
        }
      }
      String encoding = headers.getOrDefault("Content-Transfer-Encoding", "7bit").toLowerCase(Locale.ROOT);
      if (encoding.equals("base64")) {
        body = new String(Base64.getMimeDecoder().decode(body.trim()), StandardCharsets.UTF_8);
      } else if (encoding.equals("quoted-printable")) {
        body = body.replace("=\n", "").replace("=3D", "=");
      }
      return new Eml(headers.getOrDefault("To", ""), body);
    }
  }


  // ---------------------------------------------------------------------------------------------
  // HTTP and JSON helpers

  HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
    return post(path, json, null);
  }

  HttpResponse<String> post(String path, String json, String token) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
        .timeout(REQUEST_TIMEOUT)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return get(path, null);
  }

  HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static void require(HttpResponse<String> r, int status, String what) {
    if (r.statusCode() != status) {
      throw new IllegalStateException(what + ": expected " + status + " but got " + r.statusCode() + ": " + r.body());
    }
  }

  /** A top-level string field; the token values are base64url/JWT, so they never contain escapes. */
  static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
    if (!m.find()) {
      throw new IllegalStateException("no \"" + name + "\" in response: " + json);
    }
    return m.group(1);
  }

  static final SecureRandom RANDOM = new SecureRandom();

  static String hex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
