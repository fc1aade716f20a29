import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kith against Keycloak (issue 25), one load client for both: the same HTTP/1.1 keep-alive JDK client, the same
 * fixed number of concurrent clients, phase by phase in alternating order (round 1 Kith first, round 2 Keycloak
 * first, ...), each phase's requests divided by the CPU seconds its server process spent meanwhile (utime + stime
 * from /proc/&lt;pid&gt;/stat). Requests are counted if they answer 200 inside the window; any other answer, a
 * timeout or a reset is a failure (warm-up included) and makes the exit status 1.
 *
 * <p>Usage (bench/auth-vs-keycloak.sh runs it): {@code java AuthVsKeycloak <kithBase> <kithPid> <kithDataDir>
 * <kcBase> <kcMgmtBase> <kcPid> <kcRealm> <kcClient> <kcUsersFile> <rounds> <seconds> <concurrency> <warmup>
 * <clockTicks>}. Compiled together with KithBench*.java, whose client creates and verifies Kith's accounts.
 */
public final class AuthVsKeycloak {
  static final List<String> PHASES = List.of("login", "refresh", "me", "jwks", "health", "live");
  static final Duration TIMEOUT = Duration.ofSeconds(10);
  static final Pattern STRING_FIELD = Pattern.compile("\"([a-z_]+)\"\\s*:\\s*\"([^\"]*)\"");

  record Tokens(String access, String refresh) {}

  record User(String name, String password) {}

  /** What differs between the two servers: where each request goes and how its body is shaped. */
  abstract static class Server {
    final String name;
    final long pid;
    final List<User> users;

    Server(String name, long pid, List<User> users) {
      this.name = name;
      this.pid = pid;
      this.users = users;
    }

    abstract HttpRequest password(User u);

    abstract HttpRequest refresh(String refreshToken);

    abstract HttpRequest me(String accessToken);

    abstract HttpRequest jwks();

    abstract HttpRequest health();

    abstract HttpRequest live();
  }

  static final class Kith extends Server {
    final URI base;

    Kith(URI base, long pid, List<User> users) {
      super("kith", pid, users);
      this.base = base;
    }

    HttpRequest json(String path, String body) {
      return HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT).header("Content-Type", "application/json")
          .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    @Override HttpRequest password(User u) {
      return json("v1/auth/token", "{\"grant_type\":\"password\",\"username\":\"" + u.name() + "\",\"password\":\""
          + u.password() + "\"}");
    }

    @Override HttpRequest refresh(String token) {
      return json("v1/auth/token", "{\"grant_type\":\"refresh_token\",\"refresh_token\":\"" + token + "\"}");
    }

    @Override HttpRequest me(String token) {
      return get(base.resolve("v1/auth/me"), token);
    }

    @Override HttpRequest jwks() {
      return get(base.resolve(".well-known/jwks.json"), null);
    }

    @Override HttpRequest health() {
      return get(base.resolve("actuator/health"), null);
    }

    @Override HttpRequest live() {
      return get(base.resolve("actuator/health/liveness"), null);
    }
  }

  static final class Keycloak extends Server {
    final URI oidc;
    final URI mgmt;
    final String client;

    Keycloak(URI base, URI mgmt, String realm, String client, long pid, List<User> users) {
      super("keycloak", pid, users);
      this.oidc = base.resolve("realms/" + realm + "/protocol/openid-connect/");
      this.mgmt = mgmt;
      this.client = client;
    }

    HttpRequest form(Map<String, String> fields) {
      StringBuilder body = new StringBuilder("client_id=" + client);
      fields.forEach((k, v) -> body.append('&').append(k).append('=').append(URLEncoder.encode(v,
          StandardCharsets.UTF_8)));
      return HttpRequest.newBuilder(oidc.resolve("token")).timeout(TIMEOUT)
          .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
    }

    @Override HttpRequest password(User u) {
      // scope openid: Kith's password grant returns an ID token too, and userinfo requires it
      return form(Map.of("grant_type", "password", "username", u.name(), "password", u.password(), "scope", "openid"));
    }

    @Override HttpRequest refresh(String token) {
      return form(Map.of("grant_type", "refresh_token", "refresh_token", token));
    }

    @Override HttpRequest me(String token) {
      return get(oidc.resolve("userinfo"), token);
    }

    @Override HttpRequest jwks() {
      return get(oidc.resolve("certs"), null);
    }

    @Override HttpRequest health() {
      return get(mgmt.resolve("health"), null);
    }

    @Override HttpRequest live() {
      return get(mgmt.resolve("health/live"), null);
    }
  }

  static HttpRequest get(URI uri, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", "application/json").GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b.build();
  }

  final HttpClient http;
  final ExecutorService workers;
  final int concurrency;
  final long ticksPerSecond;
  final AtomicLong failures = new AtomicLong();

  AuthVsKeycloak(int concurrency, long ticksPerSecond) {
    this.concurrency = concurrency;
    this.ticksPerSecond = ticksPerSecond;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT)
        .executor(Executors.newFixedThreadPool(Math.max(2, concurrency), KithBenchClient.daemon("http"))).build();
    this.workers = Executors.newFixedThreadPool(concurrency, KithBenchClient.daemon("client"));
  }

  static Map<String, String> fields(String json) {
    Map<String, String> m = new LinkedHashMap<>();
    Matcher matcher = STRING_FIELD.matcher(json);
    while (matcher.find()) {
      m.putIfAbsent(matcher.group(1), matcher.group(2));
    }
    return m;
  }

  HttpResponse<String> send(HttpRequest r) throws Exception {
    return http.send(r, HttpResponse.BodyHandlers.ofString());
  }

  Tokens tokens(HttpResponse<String> r, String what) {
    Map<String, String> f = fields(r.body());
    if (r.statusCode() != 200 || !f.containsKey("access_token") || !f.containsKey("refresh_token")) {
      throw new IllegalStateException(what + ": " + r.statusCode() + " " + r.body());
    }
    return new Tokens(f.get("access_token"), f.get("refresh_token"));
  }

  Tokens login(Server s, User u) throws Exception {
    return tokens(send(s.password(u)), s.name + " login " + u.name());
  }

  /** ES256 access tokens, and a rotated-out refresh token refused: what the comparison claims of both. */
  void check(Server s) throws Exception {
    Tokens t = login(s, s.users.get(0));
    String header = new String(Base64.getUrlDecoder().decode(t.access().substring(0, t.access().indexOf('.'))),
        StandardCharsets.UTF_8);
    Tokens next = tokens(send(s.refresh(t.refresh())), s.name + " refresh");
    // who-am-I first: Kith answers a reused refresh token by revoking the whole family, access tokens included
    int me = send(s.me(next.access())).statusCode();
    int reuse = send(s.refresh(t.refresh())).statusCode();
    System.out.printf(Locale.ROOT, "%s: access token header %s; reused refresh token -> %d; who-am-I -> %d%n",
        s.name, header, reuse, me);
    if (!header.contains("\"ES256\"") || reuse == 200 || me != 200) {
      throw new IllegalStateException(s.name + " is not configured as the comparison claims");
    }
  }

  interface Call {
    int call() throws Exception;
  }

  /** One client's requests for a phase; the session it needs is opened before the CPU is read. */
  Call client(Server s, String phase, int i) throws Exception {
    User u = s.users.get(i % s.users.size());
    switch (phase) {
      case "login":
        return () -> send(s.password(u)).statusCode();
      case "refresh": {
        String[] refresh = {login(s, u).refresh()};
        return () -> {
          HttpResponse<String> r = send(s.refresh(refresh[0]));
          if (r.statusCode() == 200) {
            refresh[0] = tokens(r, s.name + " refresh").refresh();
          }
          return r.statusCode(); // a broken chain is a failure; the next calls fail too, and are counted
        };
      }
      case "me": {
        String access = login(s, u).access();
        return () -> send(s.me(access)).statusCode();
      }
      case "jwks":
        return () -> send(s.jwks()).statusCode();
      case "health":
        return () -> send(s.health()).statusCode();
      default:
        return () -> send(s.live()).statusCode();
    }
  }

  long cpuTicks(long pid) throws Exception {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
  }

  record Measured(String server, String phase, long ok, long failed, double cpuSeconds, double wallSeconds,
      double p50, double p99) {
    double perCpuSecond() {
      return ok / cpuSeconds;
    }
  }

  Measured phase(Server s, String phase, int seconds) throws Exception {
    List<Call> calls = new ArrayList<>();
    for (int i = 0; i < concurrency; i++) {
      calls.add(client(s, phase, i));
    }
    long cpu0 = cpuTicks(s.pid);
    long t0 = System.nanoTime();
    long deadline = t0 + seconds * 1_000_000_000L;
    List<Future<long[]>> futures = new ArrayList<>();
    AtomicLong failed = new AtomicLong();
    for (Call c : calls) {
      futures.add(workers.submit(() -> {
        long[] nanos = new long[1024];
        int n = 0;
        String firstFailure = null;
        while (System.nanoTime() < deadline) {
          long a = System.nanoTime();
          int status;
          try {
            status = c.call();
          } catch (Exception e) {
            status = -1;
            firstFailure = firstFailure == null ? e.toString() : firstFailure;
          }
          long b = System.nanoTime();
          if (status != 200) {
            failed.incrementAndGet();
            firstFailure = firstFailure == null ? "HTTP " + status : firstFailure;
          } else if (b <= deadline) {
            nanos = n == nanos.length ? Arrays.copyOf(nanos, n * 2) : nanos;
            nanos[n++] = b - a;
          }
        }
        if (firstFailure != null) {
          System.out.println("  " + s.name + " " + phase + ": first failure " + firstFailure);
        }
        return Arrays.copyOf(nanos, n);
      }));
    }
    List<long[]> all = new ArrayList<>();
    for (Future<long[]> f : futures) {
      all.add(f.get());
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    long cpu1 = cpuTicks(s.pid);
    long[] sorted = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    failures.addAndGet(failed.get());
    return new Measured(s.name, phase, sorted.length, failed.get(), (double) (cpu1 - cpu0) / ticksPerSecond, wall,
        percentile(sorted, 0.50), percentile(sorted, 0.99));
  }

  static double percentile(long[] sorted, double q) {
    return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length)
        - 1)] / 1e6;
  }

  static double median(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  static List<User> readUsers(Path file) throws Exception {
    return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).map(l -> l.trim().split(" ", 2))
        .map(p -> new User(p[0], p[1])).toList();
  }

  public static void main(String[] a) throws Exception {
    URI kithBase = URI.create(a[0].endsWith("/") ? a[0] : a[0] + "/");
    int rounds = Integer.parseInt(a[9]);
    int seconds = Integer.parseInt(a[10]);
    int concurrency = Integer.parseInt(a[11]);
    int warmup = Integer.parseInt(a[12]);
    AuthVsKeycloak bench = new AuthVsKeycloak(concurrency, Long.parseLong(a[13]));

    // Kith's accounts are created through its own sign-up (codes read from the mail files in its data dir)
    KithBenchClient kithSetup = new KithBenchClient(kithBase, Path.of(a[2]), concurrency) {};
    List<User> kithUsers = kithSetup.createUsers(concurrency).stream()
        .map(u -> new User(u.username(), u.password())).toList();
    kithSetup.workers.shutdownNow();
    Server kith = new Kith(kithBase, Long.parseLong(a[1]), kithUsers);
    Server kc = new Keycloak(URI.create(a[3] + "/"), URI.create(a[4] + "/"), a[6], a[7], Long.parseLong(a[5]),
        readUsers(Path.of(a[8])));
    bench.check(kith);
    bench.check(kc);

    System.out.printf(Locale.ROOT, "warm-up: %d s per phase and server; then %d rounds of %d s per phase and server, "
        + "%d clients, %s %s%n", warmup, rounds, seconds, concurrency, System.getProperty("java.vm.name"),
        System.getProperty("java.version"));
    for (String phase : PHASES) {
      bench.phase(kith, phase, warmup);
      bench.phase(kc, phase, warmup);
    }
    Map<String, List<Double>> ratios = new LinkedHashMap<>();
    Map<String, List<Measured>> raw = new LinkedHashMap<>();
    System.out.println("RESULT round server phase ok failed cpu_s wall_s per_cpu_s per_s p50_ms p99_ms");
    for (int round = 1; round <= rounds; round++) {
      List<Server> order = round % 2 == 1 ? List.of(kith, kc) : List.of(kc, kith);
      for (String phase : PHASES) {
        Map<String, Measured> m = new LinkedHashMap<>();
        for (Server s : order) {
          Measured r = bench.phase(s, phase, seconds);
          m.put(s.name, r);
          raw.computeIfAbsent(s.name + " " + phase, k -> new ArrayList<>()).add(r);
          System.out.printf(Locale.ROOT, "RESULT %d %s %s %d %d %.2f %.2f %.1f %.1f %.2f %.2f%n", round, s.name,
              phase, r.ok(), r.failed(), r.cpuSeconds(), r.wallSeconds(), r.perCpuSecond(), r.ok() / r.wallSeconds(),
              r.p50(), r.p99());
        }
        ratios.computeIfAbsent(phase, k -> new ArrayList<>())
            .add(m.get("kith").perCpuSecond() / m.get("keycloak").perCpuSecond());
      }
    }
    System.out.println("MEDIAN phase ratio min max kith_per_cpu_s keycloak_per_cpu_s kith_p50 keycloak_p50 kith_p99"
        + " keycloak_p99");
    for (String phase : PHASES) {
      List<Double> r = ratios.get(phase);
      System.out.printf(Locale.ROOT, "MEDIAN %s %.2f %.2f %.2f %.1f %.1f %.2f %.2f %.2f %.2f%n", phase, median(r),
          r.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
          r.stream().mapToDouble(Double::doubleValue).max().orElseThrow(),
          median(raw.get("kith " + phase).stream().map(Measured::perCpuSecond).toList()),
          median(raw.get("keycloak " + phase).stream().map(Measured::perCpuSecond).toList()),
          median(raw.get("kith " + phase).stream().map(Measured::p50).toList()),
          median(raw.get("keycloak " + phase).stream().map(Measured::p50).toList()),
          median(raw.get("kith " + phase).stream().map(Measured::p99).toList()),
          median(raw.get("keycloak " + phase).stream().map(Measured::p99).toList()));
    }
    System.out.println("FAILED " + bench.failures.get());
    bench.workers.shutdownNow();
    System.exit(bench.failures.get() == 0 ? 0 : 1);
  }
}
