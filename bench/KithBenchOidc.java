import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The OpenID Provider's token endpoint (code exchange) and userinfo, measured in requests per CPU-second of the
 * server process (utime + stime from /proc/&lt;pid&gt;/stat before and after each measured batch), for Kith or for
 * the npm oidc-provider (bench/oidc/server.js). Codes are obtained in rounds (both servers' codes live 60 s): each
 * round gets {@code round} codes unmeasured, then measures their exchange, then userinfo with the access tokens of
 * the round, each once, then the server's discovery document as many times: the cheapest answer each server gives
 * (no database, no signature), the floor under what any endpoint of that server can cost. The first {@code warmup}
 * codes go through the same steps unmeasured.
 *
 * <p>Usage (bench/oidc.sh): {@code java -cp out KithBenchOidc kith|node <baseUrl> <pid> <dataDir|clientSecret>
 * <codes> <concurrency> <warmup> <round> <clockTicksPerSecond> [adminUsername]}. Prints a human line per phase and
 * a machine line {@code RESULT server phase requests cpuSeconds wallSeconds errors p50ms p99ms jitCpuSeconds}.
 */
public final class KithBenchOidc extends KithBenchClient {
  static final String CALLBACK = "https://rp.example/callback";
  static final String RESOURCE = "urn:kith:bench";

  record Code(String code, String verifier) {}

  record Phase(long requests, long errors, double cpuSeconds, double wallSeconds, double p50, double p99,
      Map<String, Double> threads) {}

  static final double STEADY_JIT = 0.05;
  static final int WARMUP_STEP = 1000;
  static final int MAX_WARMUP = 12_000;

  private final boolean kith;
  private final long pid;
  private final double ticks;
  private String clientId = "bench";
  private String clientSecret;
  private String label = "";
  private final List<String> personTokens = new ArrayList<>();
  private final List<String> personObjects = new ArrayList<>();
  private final ThreadLocal<HttpClient> browsers = ThreadLocal.withInitial(() -> HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(10))
      .build());

  private KithBenchOidc(boolean kith, URI base, Path dataDir, int concurrency, long pid, double ticks) {
    super(base, dataDir, concurrency);
    this.kith = kith;
    this.pid = pid;
    this.ticks = ticks;
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 9 || !List.of("kith", "node").contains(args[0])) {
      System.err.println("usage: java KithBenchOidc kith|node <baseUrl> <pid> <dataDir|clientSecret> <codes>"
          + " <concurrency> <warmup> <round> <clockTicksPerSecond> [adminUsername]");
      System.exit(2);
    }
    boolean kith = args[0].equals("kith");
    URI base = URI.create(args[1].endsWith("/") ? args[1] : args[1] + "/");
    int codes = Integer.parseInt(args[4]);
    int concurrency = Integer.parseInt(args[5]);
    int warmup = Integer.parseInt(args[6]);
    int round = Integer.parseInt(args[7]);
    KithBenchOidc bench = new KithBenchOidc(kith, base, Path.of(kith ? args[3] : "."), concurrency,
        Long.parseLong(args[2]), Double.parseDouble(args[8]));
    if (kith) {
      bench.setUpKith(args[9]);
    } else {
      bench.clientSecret = args[3];
    }
    bench.label = "warmup-";
    Phase[] warm = bench.run(warmup, round);
    int warmed = warmup;
    // a JVM's compilers are still busy long after a short warm-up, and an unwarmed JVM runs slower: go on in steps
    // until its compiler threads take under STEADY_JIT of the server's CPU (the node server gets as many codes)
    while (kith && warmed < MAX_WARMUP && jitShare(warm) > STEADY_JIT) {
      System.out.printf(Locale.ROOT, "kith: compiler threads at %.0f%% of the server's CPU after %d codes%n",
          100 * jitShare(warm), warmed);
      warm = bench.run(WARMUP_STEP, round);
      warmed += WARMUP_STEP;
    }
    bench.label = "";
    System.out.printf(Locale.ROOT, "%s: warm-up of %d codes done (%d + %d + %d errors)%n", args[0], warmed,
        warm[0].errors(), warm[1].errors(), warm[2].errors());
    Phase[] measured = bench.run(codes, round);
    String[] names = {"exchange", "userinfo", "discovery"};
    for (int i = 0; i < names.length; i++) {
      Phase p = measured[i];
      System.out.printf(Locale.ROOT, "%s %s: %d requests, %.2f CPU-s of the server, %.1f per CPU-s, %.1f per s,"
          + " p50 %.1f ms, p99 %.1f ms, %d errors%n", args[0], names[i], p.requests(), p.cpuSeconds(),
          p.requests() / p.cpuSeconds(), p.requests() / p.wallSeconds(), p.p50(), p.p99(), p.errors());
      p.threads().entrySet().stream().filter(e -> e.getValue() >= 0.01 * p.cpuSeconds())
          .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
          .forEach(e -> System.out.printf(Locale.ROOT, "  %-22s %6.2f CPU-s (%4.1f%%)%n", e.getKey(), e.getValue(),
              100 * e.getValue() / p.cpuSeconds()));
      double jit = jitSeconds(p);
      System.out.printf(Locale.ROOT, "RESULT %s %s %d %.3f %.3f %d %.2f %.2f %.3f%n", args[0], names[i],
          p.requests(), p.cpuSeconds(), p.wallSeconds(), p.errors(), p.p50(), p.p99(), jit);
    }
    bench.workers.shutdownNow();
    long errors = 0;
    for (int i = 0; i < names.length; i++) {
      errors += measured[i].errors() + warm[i].errors();
    }
    System.exit(errors == 0 ? 0 : 1);
  }

  /** The JIT compiler threads of a JVM (C1, C2). */
  private static double jitSeconds(Phase p) {
    return p.threads().entrySet().stream().filter(e -> e.getKey().contains("CompilerThre"))
        .mapToDouble(Map.Entry::getValue).sum();
  }

  private static double jitShare(Phase[] phases) {
    double jit = 0;
    double cpu = 0;
    for (Phase p : phases) {
      jit += jitSeconds(p);
      cpu += p.cpuSeconds();
    }
    return cpu == 0 ? 0 : jit / cpu;
  }

  // ---------------------------------------------------------------------------------------------
  // Kith: an admin registers the application; four people log in once and each has a person object to share

  private void setUpKith(String admin) throws Exception {
    User adminUser = createUsers(List.of(admin)).get(0);
    String adminToken = login(adminUser);
    HttpResponse<String> app = post("v1/aa/applications", "{\"name\":\"Bench RP\",\"callback_uri\":[\"" + CALLBACK
        + "\"],\"generate_secret\":true}", adminToken);
    require(app, 201, "register the application");
    clientId = field(app.body(), "key");
    clientSecret = field(app.body(), "secret");
    for (User u : createUsers(4)) {
      String token = login(u);
      HttpResponse<String> made = post("v1/db/profile-objects", "{\"schema\":\"ss_NZ_Person\",\"properties\":"
          + "{\"given_names\":\"Aroha\",\"family_name\":\"Tester\",\"date_of_birth\":\"1990-01-02\"}}", token);
      require(made, 201, "create a person object");
      personTokens.add(token);
      personObjects.add(field(made.body(), "n_id"));
    }
  }

  private String login(User u) throws Exception {
    HttpResponse<String> r = post("v1/auth/token", "{\"grant_type\":\"password\",\"username\":\""
        + u.username() + "\",\"password\":\"" + u.password() + "\"}");
    require(r, 200, "login " + u.username());
    return field(r.body(), "access_token");
  }

  // ---------------------------------------------------------------------------------------------
  // Rounds: codes (unmeasured), exchange (measured), userinfo (measured)

  private Phase[] run(int total, int round) throws Exception {
    List<Phase> exchanges = new ArrayList<>();
    List<Phase> userinfos = new ArrayList<>();
    List<Phase> discoveries = new ArrayList<>();
    for (int done = 0; done < total; done += round) {
      int n = Math.min(round, total - done);
      List<Code> codes = parallel(n, i -> code(i));
      List<String> userinfoTokens = new ArrayList<>();
      if (!kith) {
        // oidc-provider's userinfo takes only opaque tokens issued for itself: exchange other codes without the
        // resource indicator for them, unmeasured
        for (Code c : parallel(n, i -> code(i))) {
          userinfoTokens.add(field(require200(exchange(c, false), "exchange for userinfo"), "access_token"));
        }
      }
      List<String> accessTokens = new ArrayList<>();
      exchanges.add(measure("exchange", codes, c -> {
        HttpResponse<String> r = exchange(c, true);
        if (r.statusCode() == 200 && checkTokens(r.body())) {
          synchronized (accessTokens) {
            accessTokens.add(field(r.body(), "access_token"));
          }
          return true;
        }
        System.err.println("exchange: " + r.statusCode() + " " + r.body());
        return false;
      }));
      userinfos.add(measure("userinfo", kith ? accessTokens : userinfoTokens, t -> {
        HttpResponse<String> r = get(kith ? "oauth2/userinfo" : "me", t);
        boolean ok = r.statusCode() == 200 && r.body().contains("\"given_name\":\"Aroha\"");
        if (!ok) {
          System.err.println("userinfo: " + r.statusCode() + " " + r.body());
        }
        return ok;
      }));
      // the floor: the cheapest answer each server gives (its discovery document: no database, no signature), as
      // many requests as the round's userinfo calls
      discoveries.add(measure("discovery", kith ? accessTokens : userinfoTokens, t -> {
        HttpResponse<String> r = get(".well-known/openid-configuration");
        return r.statusCode() == 200 && r.body().contains("\"token_endpoint\"");
      }));
    }
    return new Phase[] {sum(exchanges), sum(userinfos), sum(discoveries)};
  }

  /** An ES256 ID token, and an ES256 JWT access token (RFC 9068 header typ at+jwt for oidc-provider). */
  private static boolean checkTokens(String body) {
    String id = field(body, "id_token");
    String access = field(body, "access_token");
    return header(id).contains("\"ES256\"") && access.split("\\.").length == 3 && header(access).contains("\"ES256\"");
  }

  private static String header(String jwt) {
    return new String(Base64.getUrlDecoder().decode(jwt.substring(0, jwt.indexOf('.'))), StandardCharsets.UTF_8);
  }

  private static String require200(HttpResponse<String> r, String what) {
    require(r, 200, what);
    return r.body();
  }

  private Code code(int i) throws Exception {
    String verifier = hex(32);
    String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
        .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    String query = form("response_type", "code", "client_id", clientId, "redirect_uri", CALLBACK, "scope",
        kith ? "openid profile" : "openid profile api:read", "state", hex(8), "nonce", hex(8), "code_challenge",
        challenge, "code_challenge_method", "S256") + (kith ? "" : "&resource=" + enc(RESOURCE));
    if (kith) {
      HttpResponse<String> r = get("oauth2/authorize?" + query);
      String location = r.headers().firstValue("Location").orElse("");
      int at = location.indexOf("request=");
      if (r.statusCode() != 302 || at < 0) {
        throw new IllegalStateException("authorize: " + r.statusCode() + " " + location + " " + r.body());
      }
      String request = location.substring(at + "request=".length());
      String person = personTokens.get(i % personTokens.size());
      require(get("v1/oidc/requests/" + request, person), 200, "read the request");
      HttpResponse<String> allowed = post("v1/oidc/requests/" + request + "/allow", "{\"profile_objects\":[\""
          + personObjects.get(i % personObjects.size()) + "\"]}", person);
      require(allowed, 200, "allow");
      return new Code(callbackParam(field(allowed.body(), "redirect_to"), "code"), verifier);
    }
    // oidc-provider: follow its redirects (authorization → interaction → resume) with this thread's cookies
    HttpClient browser = browsers.get();
    URI next = base.resolve("auth?" + query);
    for (int hop = 0; hop < 6; hop++) {
      HttpResponse<String> r = browser.send(HttpRequest.newBuilder(next).timeout(REQUEST_TIMEOUT).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      String location = r.headers().firstValue("Location").orElseThrow(() -> new IllegalStateException(
          "no redirect from " + r.uri() + ": " + r.statusCode() + " " + r.body()));
      if (location.startsWith(CALLBACK)) {
        return new Code(callbackParam(location, "code"), verifier);
      }
      next = r.uri().resolve(location);
    }
    throw new IllegalStateException("too many redirects for a code");
  }

  private HttpResponse<String> exchange(Code c, boolean jwtAccessToken) throws Exception {
    String basic = Base64.getEncoder().encodeToString((enc(clientId) + ":" + enc(clientSecret))
        .getBytes(StandardCharsets.UTF_8));
    String body = form("grant_type", "authorization_code", "code", c.code(), "redirect_uri", CALLBACK,
        "code_verifier", c.verifier()) + (!kith && jwtAccessToken ? "&resource=" + enc(RESOURCE) : "");
    HttpRequest request = HttpRequest.newBuilder(base.resolve(kith ? "oauth2/token" : "token"))
        .timeout(REQUEST_TIMEOUT).header("Authorization", "Basic " + basic)
        .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  // ---------------------------------------------------------------------------------------------
  // Measuring

  interface Step<T> {
    boolean run(T item) throws Exception;
  }

  interface Make<T> {
    T make(int i) throws Exception;
  }

  private <T> List<T> parallel(int n, Make<T> make) throws Exception {
    List<Future<T>> futures = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int index = i;
      // unmeasured setup: a request that times out on a cold, busy server is tried again, twice at most
      futures.add(workers.submit(() -> {
        for (int attempt = 1; ; attempt++) {
          try {
            return make.make(index);
          } catch (java.net.http.HttpTimeoutException e) {
            if (attempt == 3) {
              throw e;
            }
          }
        }
      }));
    }
    List<T> made = new ArrayList<>();
    for (Future<T> f : futures) {
      made.add(f.get());
    }
    return made;
  }

  private <T> Phase measure(String phase, List<T> items, Step<T> step) throws Exception {
    java.time.LocalTime start = java.time.LocalTime.now();
    AtomicInteger next = new AtomicInteger();
    AtomicLong errors = new AtomicLong();
    long[] latencies = new long[items.size()];
    Map<String, Double> threads0 = threadCpu();
    double cpu0 = cpuSeconds();
    long t0 = System.nanoTime();
    List<Future<?>> clients = new ArrayList<>();
    for (int c = 0; c < concurrency; c++) {
      clients.add(workers.submit(() -> {
        for (int i = next.getAndIncrement(); i < items.size(); i = next.getAndIncrement()) {
          long s = System.nanoTime();
          boolean ok;
          try {
            ok = step.run(items.get(i));
          } catch (Exception e) {
            System.err.println("request failed: " + e);
            ok = false;
          }
          latencies[i] = System.nanoTime() - s;
          if (!ok) {
            errors.incrementAndGet();
          }
        }
        return null;
      }));
    }
    for (Future<?> f : clients) {
      f.get();
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    double cpu = cpuSeconds() - cpu0;
    Map<String, Double> threads = threadCpu();
    threads0.forEach((name, seconds) -> threads.merge(name, -seconds, Double::sum));
    String windows = System.getenv("OIDC_BENCH_WINDOWS");
    if (windows != null) {
      // the batch's time of day, for bench/jfr-steps.py to attribute profile samples to a phase
      Files.writeString(Path.of(windows), label + phase + " " + start + " " + java.time.LocalTime.now() + "\n",
          StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }
    Arrays.sort(latencies);
    return new Phase(items.size(), errors.get(), cpu, wall, percentile(latencies, 0.50),
        percentile(latencies, 0.99), threads);
  }

  private static double percentile(long[] sorted, double q) {
    return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))] / 1e6;
  }

  /** Several measured batches as one: requests, errors, CPU and wall time add up; percentiles are request-weighted. */
  private static Phase sum(List<Phase> phases) {
    long requests = phases.stream().mapToLong(Phase::requests).sum();
    double p50 = phases.stream().mapToDouble(p -> p.p50() * p.requests()).sum() / Math.max(1, requests);
    double p99 = phases.stream().mapToDouble(Phase::p99).max().orElse(0);
    Map<String, Double> threads = new TreeMap<>();
    phases.forEach(p -> p.threads().forEach((name, seconds) -> threads.merge(name, seconds, Double::sum)));
    return new Phase(requests, phases.stream().mapToLong(Phase::errors).sum(),
        phases.stream().mapToDouble(Phase::cpuSeconds).sum(), phases.stream().mapToDouble(Phase::wallSeconds).sum(),
        p50, p99, threads);
  }

  /**
   * CPU seconds by thread name (digits folded, so the pools add up) from /proc/pid/task/tid/stat: which threads
   * the server's CPU time went to (JIT compiler, GC, request threads, the database). Threads that ended during the
   * phase are missed; the process total above is exact.
   */
  private Map<String, Double> threadCpu() throws Exception {
    Map<String, Double> by = new TreeMap<>();
    try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks.toList()) {
        String stat;
        try {
          stat = Files.readString(task.resolve("stat"));
        } catch (java.io.IOException gone) {
          continue;
        }
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "N");
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        by.merge(name, (Long.parseLong(f[11]) + Long.parseLong(f[12])) / ticks, Double::sum);
      }
    }
    return by;
  }

  /** utime + stime of the server process, all its threads (fields 14 and 15 of /proc/pid/stat). */
  private double cpuSeconds() throws Exception {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / ticks;
  }

  // ---------------------------------------------------------------------------------------------
  // Forms and redirects

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String form(String... pairs) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < pairs.length; i += 2) {
      b.append(i == 0 ? "" : "&").append(enc(pairs[i])).append('=').append(enc(pairs[i + 1]));
    }
    return b.toString();
  }

  private static String callbackParam(String uri, String name) {
    String query = URI.create(uri).getRawQuery();
    for (String pair : query == null ? new String[0] : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        return java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    throw new IllegalStateException("no " + name + " in " + uri);
  }
}
