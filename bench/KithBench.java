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

/**
 * Throughput and latency of Kith: {@code auth} measures the password grant, refresh grant and a trivial
 * endpoint; {@code graph} bulk-creates profile objects and measures permission-checked reads against it.
 *
 * <p>Usage: {@code java bench/KithBench.java auth|graph <baseUrl> <dataDir> [seconds] [concurrency] [warmup] [objects]}
 *
 * <p>JDK only, so it runs as a single-file source program with no build step. It reads verification
 * codes straight from the {@code .eml} files the server writes when no SMTP server is configured,
 * which is why it needs the server's data directory.
 */
public final class KithBench {
  private static final int USERS = 16;
  // Long enough for a password grant on a loaded machine, short enough that one lost request does not
  // idle a client for the rest of a short measurement window.
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration MAIL_WAIT = Duration.ofSeconds(30);
  private static final Pattern CODE = Pattern.compile("Your verification code is: (\\d{6})");

  private final URI base;
  private final Path mailDir;
  private final int concurrency;
  private final HttpClient http;
  private final ExecutorService workers;

  private KithBench(URI base, Path dataDir, int concurrency) {
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

  public static void main(String[] args) throws Exception {
    if (args.length >= 3 && args[0].equals("soak")) {
      // soak <baseUrl> <dataDir> <seconds> <requests per second> <gcLog> <outDir>
      KithBench bench = new KithBench(URI.create(args[1].endsWith("/") ? args[1] : args[1] + "/"), Path.of(args[2]),
          64);
      int errors = bench.soak(Integer.parseInt(args[3]), Integer.parseInt(args[4]), Path.of(args[5]),
          Path.of(args[6]));
      System.exit(errors == 0 ? 0 : 1);
    }
    if (args.length < 3 || !List.of("auth", "graph", "clarity").contains(args[0])) {
      System.err.println("usage: java KithBench.java auth <baseUrl> <dataDir> [seconds] [concurrency] [warmupSeconds]");
      System.err.println("       java KithBench.java graph <baseUrl> <dataDir> [seconds] [concurrency] [warmupSeconds]"
          + " [objects]");
      System.err.println("       java KithBench.java clarity <baseUrl> <dataDir> [seconds] [concurrency] [warmupSeconds]"
          + " <cardsDir>");
      System.exit(2);
    }
    String mode = args[0];
    URI base = URI.create(args[1].endsWith("/") ? args[1] : args[1] + "/");
    Path dataDir = Path.of(args[2]);
    int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 30;
    int concurrency = args.length > 4 ? Integer.parseInt(args[4]) : 4;
    int warmup = args.length > 5 ? Integer.parseInt(args[5]) : 5;
    int objects = args.length > 6 && !mode.equals("clarity") ? Integer.parseInt(args[6]) : 10_000;

    KithBench bench = new KithBench(base, dataDir, concurrency);
    System.out.printf(Locale.ROOT, "KithBench %s: %s, %d s per measurement after %d s warm-up, concurrency %d, "
        + "%d cores, %s %s%n", mode, base, seconds, warmup, concurrency,
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
        System.getProperty("java.version"));

    List<Result> results = switch (mode) {
      case "auth" -> bench.auth(seconds, warmup);
      case "graph" -> bench.graph(seconds, warmup, objects);
      default -> bench.clarity(seconds, warmup, Path.of(args[6]));
    };
    System.out.println();
    System.out.println(Result.HEADER);
    results.forEach(r -> System.out.println(r.row()));
    bench.workers.shutdownNow();
    // Any error means the numbers describe a different workload than intended (e.g. throttled logins).
    System.exit(results.stream().anyMatch(r -> r.errors > 0) ? 1 : 0);
  }

  private List<Result> auth(int seconds, int warmup) throws Exception {
    List<User> users = createUsers(USERS);
    List<Result> results = new ArrayList<>();
    results.add(measure("password grant", seconds, warmup, passwordWorkload(users)));
    results.add(measure("refresh grant", seconds, warmup, refreshWorkload(users)));
    results.add(measure("GET /actuator/health", seconds, warmup, healthWorkload()));
    return results;
  }

  // ---------------------------------------------------------------------------------------------
  // The permission graph: bulk create, permission-checked reads, "what can I see"

  private static final int TREES = 100;
  private static final int TREE_SIZE = 10;

  private List<Result> graph(int seconds, int warmup, int objects) throws Exception {
    List<User> users = createUsers(2);
    String owner = accessToken(users.get(0));
    String viewer = accessToken(users.get(1));
    String viewerId = field(get("v1/auth/me", viewer).body(), "u_id");
    // Bulk load: arrays of 1,000 posted by KITH_BENCH_LOADERS clients at once (default 1, one request at a time).
    int loaders = Integer.parseInt(System.getenv().getOrDefault("KITH_BENCH_LOADERS", "1"));
    List<String> ids = java.util.Collections.synchronizedList(new ArrayList<>());
    java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
    long t0 = System.nanoTime();
    List<Future<Void>> loading = new ArrayList<>();
    for (int l = 0; l < loaders; l++) {
      loading.add(workers.submit(() -> {
        for (int done = next.getAndAdd(1000); done < objects; done = next.getAndAdd(1000)) {
          int n = Math.min(1000, objects - done);
          StringBuilder body = new StringBuilder("[");
          for (int i = 0; i < n; i++) {
            body.append(i == 0 ? "" : ",").append("{\"schema\":\"ss_NZ_Person\",\"labels\":[\"Bench\"],")
                .append("\"properties\":{\"given_names\":\"P").append(done + i).append("\",\"family_name\":")
                .append("\"Bench\",\"date_of_birth\":\"1990-01-02\"}}");
          }
          HttpResponse<String> r = post("v1/db/profile-objects", body.append("]").toString(), owner);
          require(r, 201, "bulk create");
          Matcher m = N_ID.matcher(r.body());
          while (m.find()) {
            ids.add(m.group(1));
          }
        }
        return null;
      }));
    }
    for (Future<Void> f : loading) {
      f.get();
    }
    double createSeconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf(Locale.ROOT, "bulk create: %d objects in arrays of 1,000 in %.1f s = %.0f objects/s"
        + " (%d loader%s)%n", ids.size(), createSeconds, ids.size() / createSeconds, loaders, loaders == 1 ? "" : "s");
    // Nested groups: the viewer belongs to "team", nested in "department", nested in "organisation".
    String org = field(post("v1/db/groups", "{\"name\":\"organisation\"}", owner).body(), "g_id");
    String dept = field(post("v1/db/groups", "{\"name\":\"department\"}", owner).body(), "g_id");
    String team = field(post("v1/db/groups", "{\"name\":\"team\"}", owner).body(), "g_id");
    require(post("v1/db/groups/" + team + "/users", "{\"u_id\":\"" + viewerId + "\"}", owner), 204, "join team");
    require(post("v1/db/groups/" + dept + "/groups", "{\"g_id\":\"" + team + "\"}", owner), 204, "nest team");
    require(post("v1/db/groups/" + org + "/groups", "{\"g_id\":\"" + dept + "\"}", owner), 204, "nest dept");
    // Relationship trees: a root, 3 children, 2 grandchildren under each child (TREE_SIZE = 10 objects). Even
    // trees are shared with the viewer directly, odd ones with the organisation; both grants cascade.
    List<String> cascaded = new ArrayList<>();
    List<String> viaGroups = new ArrayList<>();
    int trees = Math.min(TREES, ids.size() / TREE_SIZE);
    for (int t = 0; t < trees; t++) {
      int base = t * TREE_SIZE;
      String root = ids.get(base);
      List<String> reached = t % 2 == 0 ? cascaded : viaGroups;
      for (int c = 0; c < 3; c++) {
        String child = ids.get(base + 1 + c);
        relate(root, child, owner);
        reached.add(child);
        for (int g = 0; g < 2; g++) {
          String grandchild = ids.get(base + 4 + 2 * c + g);
          relate(child, grandchild, owner);
          reached.add(grandchild);
        }
      }
      String subject = t % 2 == 0 ? "\"u_id\":\"" + viewerId + "\"" : "\"g_id\":\"" + org + "\"";
      require(post("v1/db/permissions/" + root, "{" + subject + ",\"permission\":\"VIEWS\",\"cascade\":true}",
          owner), 200, "grant");
    }
    System.out.printf(Locale.ROOT, "%d trees of %d objects (depth 2) shared with the viewer by cascading grants,"
        + " half directly, half through 3 levels of nested groups%n", trees, TREE_SIZE);
    List<Result> results = new ArrayList<>();
    results.add(measure("GET object (owner)", seconds, warmup, client -> {
      java.util.Random random = new java.util.Random(client);
      return () -> get("v1/db/profile-objects/" + ids.get(random.nextInt(ids.size())), owner).statusCode();
    }));
    results.add(measure("GET /actuator/health", seconds, warmup, healthWorkload()));
    results.add(measure("GET object (cascade)", seconds, warmup, client -> {
      java.util.Random random = new java.util.Random(client);
      return () -> get("v1/db/profile-objects/" + cascaded.get(random.nextInt(cascaded.size())), viewer)
          .statusCode();
    }));
    results.add(measure("GET object (nested groups)", seconds, warmup, client -> {
      java.util.Random random = new java.util.Random(client);
      return () -> get("v1/db/profile-objects/" + viaGroups.get(random.nextInt(viaGroups.size())), viewer)
          .statusCode();
    }));
    results.add(measure("first page (viewer)", seconds, warmup,
        client -> () -> post("v1/db/profile-objects/read", "{\"limit\":100}", viewer).statusCode()));
    results.add(measure("first page (owner)", seconds, warmup,
        client -> () -> post("v1/db/profile-objects/read", "{\"limit\":100}", owner).statusCode()));
    System.out.printf(Locale.ROOT, "permission-checked GET / health = %.2f%n",
        results.get(0).perSecond / results.get(1).perSecond);
    // Latency at a load the server can carry: half the GET throughput just measured, offered open loop.
    int rate = Math.max(10, (int) (results.get(0).perSecond / 2));
    java.util.Random random = new java.util.Random(7);
    if (warmup > 0) fixedRate("warm-up", warmup, rate, () -> request("v1/db/profile-objects/"
        + ids.get(random.nextInt(ids.size())), null, owner));
    results.add(fixedRate("GET object (owner) @" + rate + "/s", seconds, rate, () -> request(
        "v1/db/profile-objects/" + ids.get(random.nextInt(ids.size())), null, owner)));
    results.add(fixedRate("GET health @" + rate + "/s", seconds, rate, () -> request("actuator/health", null, null)));
    return results;
  }

  private static final Pattern N_ID = Pattern.compile("\"n_id\":\"([^\"]+)\"");

  private void relate(String from, String to, String token) throws Exception {
    require(post("v1/db/relationships", "{\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"type\":\"HAS\"}",
        token), 201, "relate");
  }

  // ---------------------------------------------------------------------------------------------
  // Clarity: per-card extraction latency, cards/s with concurrent requests, full-page OCR of the same cards

  private List<Result> clarity(int seconds, int warmup, Path cards) throws Exception {
    String token = accessToken(createUsers(1).get(0));
    HttpResponse<String> trained = post("v1/clarity/train", Files.readString(cards.resolve("train.json")), token);
    require(trained, 200, "train");
    String body = trained.body();
    String properties = body.substring(body.indexOf("{\"properties\":") + 14, body.lastIndexOf(",\"signature\""));
    HttpResponse<String> stored = post("v1/db/profile-objects", "{\"schema\":\"ss_Clarity_Model_01\",\"properties\":"
        + properties + "}", token);
    require(stored, 201, "store the model");
    Matcher id = N_ID.matcher(stored.body());
    if (!id.find()) {
      throw new IllegalStateException("no model id in " + stored.body());
    }
    String modelId = id.group(1);
    List<String> images = new ArrayList<>();
    try (Stream<Path> files = Files.list(cards)) {
      for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".jpg")).sorted().toList()) {
        images.add(Base64.getEncoder().encodeToString(Files.readAllBytes(f)));
      }
    }
    System.out.printf(Locale.ROOT, "model %s trained and stored; %d card photos%n", modelId, images.size());
    WorkloadFactory extract = client -> {
      java.util.Random random = new java.util.Random(client);
      return () -> post("v1/clarity/extract", "{\"file\":{\"data\":\"" + images.get(random.nextInt(images.size()))
          + "\"},\"model_id\":\"" + modelId + "\",\"schema_name\":\"ss_NZ_DriverLicence\"}", token).statusCode();
    };
    WorkloadFactory ocr = client -> {
      java.util.Random random = new java.util.Random(client);
      return () -> post("v1/clarity/ocr", "{\"file\":{\"data\":\"" + images.get(random.nextInt(images.size()))
          + "\"}}", token).statusCode();
    };
    List<Result> results = new ArrayList<>();
    results.add(measure("extract, 1 client", seconds, warmup, extract, 1));
    results.add(measure("extract, " + concurrency + " clients", seconds, warmup, extract, concurrency));
    results.add(measure("full-page ocr, 1 client", seconds, warmup, ocr, 1));
    return results;
  }

  // ---------------------------------------------------------------------------------------------
  // Setup: accounts

  private record User(String username, String password) {}

  /** Fresh, unique accounts each run, so the bench can be repeated against the same data directory. */
  private List<User> createUsers(int count) throws Exception {
    String run = Long.toString(System.currentTimeMillis(), 36) + hex(3);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      names.add("bench-" + run + "-" + i + "@example.com");
    }
    return createUsers(names);
  }

  private List<User> createUsers(List<String> usernames) throws Exception {
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
  private String awaitCode(String username) throws Exception {
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

  private Optional<String> findCode(String username) throws IOException {
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
  private record Eml(String to, String body) {
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
  // Workloads. Each virtual client gets its own Workload instance, so state (like a refresh-token
  // chain) is never shared between clients.

  /** One request per call; returns the HTTP status. */
  private interface Workload {
    int call() throws Exception;
  }

  private interface WorkloadFactory {
    Workload create(int client) throws Exception;
  }

  private WorkloadFactory passwordWorkload(List<User> users) {
    return client -> {
      User u = users.get(client % users.size());
      String body = "{\"grant_type\":\"password\",\"username\":\"" + u.username() + "\",\"password\":\""
          + u.password() + "\"}";
      return () -> post("v1/auth/token", body).statusCode();
    };
  }

  private WorkloadFactory refreshWorkload(List<User> users) {
    return client -> {
      User u = users.get(client % users.size());
      // Tokens are single-use, so each client owns one session and rotates it strictly in sequence.
      return new Workload() {
        String refresh = login(u);

        @Override
        public int call() throws Exception {
          HttpResponse<String> r = post("v1/auth/token",
              "{\"grant_type\":\"refresh_token\",\"refresh_token\":\"" + refresh + "\"}");
          if (r.statusCode() == 200) {
            refresh = field(r.body(), "refresh_token");
          } else {
            // The chain is broken (the server may have revoked it); start a new session, uncounted.
            refresh = login(u);
          }
          return r.statusCode();
        }
      };
    };
  }

  private WorkloadFactory healthWorkload() {
    return client -> () -> get("actuator/health").statusCode();
  }

  private String accessToken(User u) throws Exception {
    HttpResponse<String> r = post("v1/auth/token", "{\"grant_type\":\"password\",\"username\":\""
        + u.username() + "\",\"password\":\"" + u.password() + "\"}");
    require(r, 200, "login " + u.username());
    return field(r.body(), "access_token");
  }

  private String login(User u) throws Exception {
    HttpResponse<String> r = post("v1/auth/token", "{\"grant_type\":\"password\",\"username\":\""
        + u.username() + "\",\"password\":\"" + u.password() + "\"}");
    require(r, 200, "login " + u.username());
    return field(r.body(), "refresh_token");
  }

  // ---------------------------------------------------------------------------------------------
  // Measurement

  private Result measure(String name, int seconds, int warmupSeconds, WorkloadFactory factory) throws Exception {
    return measure(name, seconds, warmupSeconds, factory, concurrency);
  }

  private Result measure(String name, int seconds, int warmupSeconds, WorkloadFactory factory, int clientCount)
      throws Exception {
    List<Workload> clients = new ArrayList<>();
    for (int i = 0; i < clientCount; i++) {
      clients.add(factory.create(i));
    }
    // Warm-up runs the same clients (and continues their refresh chains) so the JIT, connection pool
    // and server caches are in the state they will be in during the measurement.
    if (warmupSeconds > 0) {
      long warmupErrors = run(clients, Duration.ofSeconds(warmupSeconds)).stream()
          .mapToLong(st -> st.errors.values().stream().mapToLong(Integer::longValue).sum()).sum();
      if (warmupErrors > 0) {
        System.out.println(name + ": " + warmupErrors + " errors during warm-up (not counted)");
      }
    }
    List<Stats> perClient = run(clients, Duration.ofSeconds(seconds));
    Result result = Result.of(name, seconds, perClient);
    System.out.println(result.line());
    perClient.stream().map(st -> st.firstFailure).filter(f -> f != null).findFirst()
        .ifPresent(f -> System.out.println("  first failure: " + f));
    return result;
  }

  /**
   * Open loop: one request every 1/rate seconds for {@code seconds}, whether or not earlier ones have answered,
   * each timed from when it was due (so a stall is charged to every request it delays, not hidden by waiting
   * clients as in a closed loop). The latency a client sees at a given load, rather than at saturation.
   */
  private Result fixedRate(String name, int seconds, int rate, java.util.function.Supplier<HttpRequest> request)
      throws Exception {
    Stats stats = new Stats();
    long interval = 1_000_000_000L / rate;
    long total = (long) seconds * rate;
    long start = System.nanoTime() + 100_000_000L;
    java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch((int) total);
    for (long i = 0; i < total; i++) {
      long due = start + i * interval;
      java.util.concurrent.locks.LockSupport.parkNanos(due - System.nanoTime());
      http.sendAsync(request.get(), HttpResponse.BodyHandlers.ofString()).whenComplete((r, error) -> {
        long nanos = System.nanoTime() - due;
        synchronized (stats) {
          stats.record(error == null ? r.statusCode() : -1, nanos, true);
          if (error != null && stats.firstFailure == null) {
            stats.firstFailure = error.toString();
          }
        }
        done.countDown();
      });
    }
    if (!done.await(REQUEST_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS)) {
      throw new IllegalStateException(name + ": requests still open after the timeout");
    }
    Result result = Result.of(name, seconds, List.of(stats));
    System.out.println(result.line());
    return result;
  }

  private List<Stats> run(List<Workload> clients, Duration duration) throws Exception {
    long deadline = System.nanoTime() + duration.toNanos();
    List<Future<Stats>> futures = new ArrayList<>();
    for (Workload w : clients) {
      futures.add(workers.submit(() -> {
        Stats s = new Stats();
        while (System.nanoTime() < deadline) {
          long t0 = System.nanoTime();
          int status;
          try {
            status = w.call();
          } catch (IOException | RuntimeException e) {
            // Timeouts, resets, or a failed re-login: counted as errors, the run carries on.
            status = -1;
            if (s.firstFailure == null) {
              s.firstFailure = e.toString();
            }
          }
          long t1 = System.nanoTime();
          s.record(status, t1 - t0, t1 <= deadline);
        }
        return s;
      }));
    }
    List<Stats> stats = new ArrayList<>();
    for (Future<Stats> f : futures) {
      stats.add(f.get());
    }
    return stats;
  }

  /** Per-client, so recording needs no synchronisation. */
  private static final class Stats {
    long[] okNanos = new long[1 << 14];
    int ok;
    final Map<Integer, Integer> errors = new TreeMap<>();
    String firstFailure;

    /**
     * Successes are counted only if they complete inside the window, so a slow request straddling the
     * deadline cannot stretch the divisor; failures always count, so none is hidden.
     */
    void record(int status, long nanos, boolean inWindow) {
      if (status == 200) {
        if (!inWindow) {
          return;
        }
        if (ok == okNanos.length) {
          okNanos = Arrays.copyOf(okNanos, ok * 2);
        }
        okNanos[ok++] = nanos;
      } else {
        errors.merge(status, 1, Integer::sum);
      }
    }
  }

  private record Result(String name, long requests, long errors, Map<Integer, Integer> errorStatuses,
      double perSecond, double perSecondPerCore, double p50Ms, double p95Ms, double p99Ms) {
    static final String HEADER = String.format(Locale.ROOT, "%-24s %9s %7s %10s %12s %9s %9s %9s",
        "workload", "requests", "errors", "ok req/s", "req/s/core", "p50 ms", "p95 ms", "p99 ms");

    static Result of(String name, double elapsedSeconds, List<Stats> perClient) {
      int ok = perClient.stream().mapToInt(s -> s.ok).sum();
      long[] all = new long[ok];
      int at = 0;
      Map<Integer, Integer> errors = new TreeMap<>();
      for (Stats s : perClient) {
        System.arraycopy(s.okNanos, 0, all, at, s.ok);
        at += s.ok;
        s.errors.forEach((k, v) -> errors.merge(k, v, Integer::sum));
      }
      Arrays.sort(all);
      long errorCount = errors.values().stream().mapToLong(Integer::longValue).sum();
      double rate = ok / elapsedSeconds;
      return new Result(name, ok + errorCount, errorCount, errors, rate,
          rate / Runtime.getRuntime().availableProcessors(), percentile(all, 50), percentile(all, 95),
          percentile(all, 99));
    }

    /** Nearest-rank percentile of successful requests, in milliseconds. */
    private static double percentile(long[] sorted, double p) {
      if (sorted.length == 0) {
        return Double.NaN;
      }
      int rank = (int) Math.ceil(p / 100.0 * sorted.length);
      return sorted[Math.max(0, rank - 1)] / 1e6;
    }

    String line() {
      // Status -1 stands for a failure without an HTTP status (timeout, reset).
      return String.format(Locale.ROOT, "%s: %d requests, %d errors%s, %.1f ok req/s (%.1f per core), "
          + "p50 %.2f ms, p95 %.2f ms, p99 %.2f ms", name, requests, errors, errors == 0 ? "" : " " + errorStatuses,
          perSecond, perSecondPerCore, p50Ms, p95Ms, p99Ms);
    }

    String row() {
      return String.format(Locale.ROOT, "%-24s %9d %7d %10.1f %12.1f %9.2f %9.2f %9.2f",
          name, requests, errors, perSecond, perSecondPerCore, p50Ms, p95Ms, p99Ms);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Soak: a fixed-rate mixed workload for a long time, reported per 10-second window

  /** Username the soak script makes an admin (the verifier role signs records). */
  static final String SOAK_ADMIN = "soak-admin@example.com";
  private static final int WINDOW_SECONDS = 10;

  /** One window's outcomes: latencies in microseconds, measured from the request's scheduled start. */
  private static final class Window {
    final List<Long> micros = new ArrayList<>();
    int errors;
  }

  private int soak(int seconds, int rate, Path gcLog, Path out) throws Exception {
    List<User> users = createUsers(2);
    User admin = createUsers(List.of(SOAK_ADMIN)).get(0);
    String[] tokens = {accessToken(users.get(0)), accessToken(admin)};
    String viewerId = field(get("v1/auth/me", accessToken(users.get(1))).body(), "u_id");
    String aId = field(post("v1/aa/applications", "{\"name\":\"Soak\"}", tokens[0]).body(), "a_id");
    List<String> ids = java.util.Collections.synchronizedList(new ArrayList<>());
    StringBuilder seed = new StringBuilder("[");
    for (int i = 0; i < 200; i++) {
      seed.append(i == 0 ? "" : ",").append(person("Seed" + i));
    }
    Matcher m = N_ID.matcher(post("v1/db/profile-objects", seed.append("]").toString(), tokens[0]).body());
    while (m.find()) {
      ids.add(m.group(1));
    }
    String record = post("v1/verify/sign", "{\"data\":{\"schema_name\":\"ss_NZ_Person\",\"document_data\":"
        + "{\"given_names\":\"Soak\"}}}", tokens[1]).body();
    // tokens live 15 minutes: log in again every 5
    java.util.concurrent.ScheduledExecutorService ticker = Executors.newScheduledThreadPool(2, daemon("tick"));
    ticker.scheduleAtFixedRate(() -> {
      try {
        tokens[0] = accessToken(users.get(0));
        tokens[1] = accessToken(admin);
      } catch (Exception e) {
        System.err.println("re-login failed: " + e);
      }
    }, 5, 5, TimeUnit.MINUTES);

    warmUp(60, rate, ids, tokens, viewerId, aId, record);
    int windows = (seconds + WINDOW_SECONDS - 1) / WINDOW_SECONDS;
    List<Window> stats = new ArrayList<>();
    for (int i = 0; i < windows; i++) {
      stats.add(new Window());
    }
    long interval = 1_000_000_000L / rate;
    long total = (long) seconds * rate;
    long start = System.nanoTime() + 1_000_000_000L;
    java.time.Instant wallStart = java.time.Instant.now().plusSeconds(1);
    java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch((int) total);
    java.util.SplittableRandom random = new java.util.SplittableRandom(42);
    System.out.printf(Locale.ROOT, "soak: %d requests/s for %d s (reads 50%%, creates 20%%, grants 10%%, shares 10%%,"
        + " verifications 10%%)%n", rate, seconds);
    for (long i = 0; i < total; i++) {
      long due = start + i * interval;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        java.util.concurrent.locks.LockSupport.parkNanos(wait);
      }
      int op = random.nextInt(20);
      String id = ids.get(random.nextInt(ids.size()));
      HttpRequest request = soakRequest(op, i, id, tokens, viewerId, aId, record);
      Window window = stats.get((int) Math.min(windows - 1, (due - start) / 1_000_000_000L / WINDOW_SECONDS));
      http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((r, error) -> {
        long micros = (System.nanoTime() - due) / 1_000;
        boolean ok = error == null && r.statusCode() / 100 == 2;
        if (ok && op >= 10 && op <= 13) {
          Matcher created = N_ID.matcher(r.body());
          if (created.find()) {
            ids.add(created.group(1));
          }
        }
        synchronized (window) {
          window.micros.add(micros);
          if (!ok) {
            window.errors++;
          }
        }
        done.countDown();
      });
    }
    done.await(60, TimeUnit.SECONDS);
    ticker.shutdownNow();

    Files.createDirectories(out);
    StringBuilder dat = new StringBuilder("# seconds  requests/s  p50_ms  p99_ms  errors\n");
    int errors = 0;
    for (int i = 0; i < windows; i++) {
      Window w = stats.get(i);
      List<Long> sorted = new ArrayList<>(w.micros);
      java.util.Collections.sort(sorted);
      errors += w.errors;
      dat.append(String.format(Locale.ROOT, "%d %.1f %.2f %.2f %d%n", (i + 1) * WINDOW_SECONDS,
          (double) sorted.size() / WINDOW_SECONDS, percentile(sorted, 0.50) / 1000.0,
          percentile(sorted, 0.99) / 1000.0, w.errors));
    }
    Files.writeString(out.resolve("soak.dat"), dat);
    // heap after each collection, from the server's GC log ([time] ... before->after(committed) pause)
    StringBuilder heap = new StringBuilder("# seconds  heap_after_full_gc_MB\n");
    Pattern gc = Pattern.compile("^\\[([^\\]]+)\\].*Pause Full.* (\\d+)M->(\\d+)M\\((\\d+)M\\)");
    for (String line : Files.readAllLines(gcLog)) {
      Matcher g = gc.matcher(line);
      if (g.find()) {
        java.time.Instant at = java.time.OffsetDateTime.parse(g.group(1),
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ")).toInstant();
        double t = java.time.Duration.between(wallStart, at).toMillis() / 1000.0;
        if (t >= 0 && t <= seconds) {
          heap.append(String.format(Locale.ROOT, "%.1f %s%n", t, g.group(3)));
        }
      }
    }
    Files.writeString(out.resolve("heap.dat"), heap);
    System.out.print(dat);
    summarise(dat.toString(), heap.toString());
    return errors;
  }

  /** The same workload for {@code seconds}, not measured: JIT, connection pools and caches warm up. */
  private void warmUp(int seconds, int rate, List<String> ids, String[] tokens, String viewerId, String aId,
      String record) throws Exception {
    long interval = 1_000_000_000L / rate;
    long start = System.nanoTime();
    java.util.concurrent.atomic.AtomicInteger failed = new java.util.concurrent.atomic.AtomicInteger();
    java.util.SplittableRandom random = new java.util.SplittableRandom(7);
    List<java.util.concurrent.CompletableFuture<?>> all = new ArrayList<>();
    for (long i = 0; i < (long) seconds * rate; i++) {
      java.util.concurrent.locks.LockSupport.parkNanos(start + i * interval - System.nanoTime());
      all.add(http.sendAsync(soakRequest(random.nextInt(20), i, ids.get(random.nextInt(ids.size())), tokens, viewerId,
          aId, record), HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
            if (e != null || r.statusCode() / 100 != 2) {
              failed.incrementAndGet();
            }
          }));
    }
    java.util.concurrent.CompletableFuture.allOf(all.toArray(new java.util.concurrent.CompletableFuture<?>[0]))
        .exceptionally(e -> null).get(60, TimeUnit.SECONDS);
    System.out.printf(Locale.ROOT, "warm-up: %d s at %d requests/s, %d failed (cold JIT and pools)%n", seconds, rate,
        failed.get());
  }

  private HttpRequest soakRequest(int op, long i, String id, String[] tokens, String viewerId, String aId,
      String record) {
    return switch (op) {
      case 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 -> request("v1/db/profile-objects/" + id, null, tokens[0]);
      case 10, 11, 12, 13 -> request("v1/db/profile-objects", person("Soak" + i), tokens[0]);
      case 14, 15 -> request("v1/db/permissions/" + id, "{\"u_id\":\"" + viewerId
          + "\",\"permission\":\"VIEWS\"}", tokens[0]);
      case 16, 17 -> request("v1/aa/instances", "{\"a_id\":\"" + aId + "\",\"profile_objects\":[\"" + id
          + "\"]}", tokens[0]);
      case 18 -> request("v1/verify/sign", "{\"data\":{\"n\":" + i + "}}", tokens[1]);
      default -> request("v1/verify/check", record, null);
    };
  }

  /** First third against last third of the run: throughput, p99 and heap after GC. */
  private static void summarise(String dat, String heap) {
    List<double[]> rows = rows(dat);
    List<double[]> gcs = rows(heap);
    int third = Math.max(1, rows.size() / 3);
    double[] first = {avg(rows.subList(0, third), 1), avg(rows.subList(0, third), 3)};
    double[] last = {avg(rows.subList(rows.size() - third, rows.size()), 1),
        avg(rows.subList(rows.size() - third, rows.size()), 3)};
    int gcThird = Math.max(1, gcs.size() / 3);
    double heapFirst = gcs.isEmpty() ? 0 : avg(gcs.subList(0, gcThird), 1);
    double heapLast = gcs.isEmpty() ? 0 : avg(gcs.subList(gcs.size() - gcThird, gcs.size()), 1);
    System.out.printf(Locale.ROOT, "first third: %.1f requests/s, p99 %.1f ms, live heap %.0f MB%n", first[0],
        first[1], heapFirst);
    System.out.printf(Locale.ROOT, "last third:  %.1f requests/s, p99 %.1f ms, live heap %.0f MB%n", last[0],
        last[1], heapLast);
    System.out.printf(Locale.ROOT, "drift (last / first): throughput %.2f, p99 %.2f, live heap %.2f; %d full GCs%n",
        last[0] / first[0], last[1] / first[1], heapFirst == 0 ? 0 : heapLast / heapFirst, gcs.size());
  }

  private static List<double[]> rows(String text) {
    List<double[]> rows = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        rows.add(java.util.Arrays.stream(line.trim().split("\\s+")).mapToDouble(Double::parseDouble).toArray());
      }
    }
    return rows;
  }

  private static double avg(List<double[]> rows, int column) {
    return rows.stream().mapToDouble(r -> r[column]).average().orElse(0);
  }

  private static long percentile(List<Long> sorted, double q) {
    return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
  }

  private static String person(String name) {
    return "{\"schema\":\"ss_NZ_Person\",\"properties\":{\"given_names\":\"" + name
        + "\",\"family_name\":\"Soak\",\"date_of_birth\":\"1990-01-02\"}}";
  }

  private HttpRequest request(String path, String json, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT)
        .header("Content-Type", "application/json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return (json == null ? b.GET() : b.POST(HttpRequest.BodyPublishers.ofString(json))).build();
  }

  // ---------------------------------------------------------------------------------------------
  // HTTP and JSON helpers

  private HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
    return post(path, json, null);
  }

  private HttpResponse<String> post(String path, String json, String token) throws IOException, InterruptedException {
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

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return get(path, null);
  }

  private HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void require(HttpResponse<String> r, int status, String what) {
    if (r.statusCode() != status) {
      throw new IllegalStateException(what + ": expected " + status + " but got " + r.statusCode() + ": " + r.body());
    }
  }

  /** A top-level string field; the token values are base64url/JWT, so they never contain escapes. */
  private static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
    if (!m.find()) {
      throw new IllegalStateException("no \"" + name + "\" in response: " + json);
    }
    return m.group(1);
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  private static String hex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
