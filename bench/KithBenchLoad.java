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


/** KithBench's workloads and their measurement: virtual clients, throughput and latency percentiles. */
abstract class KithBenchLoad extends KithBenchClient {
  KithBenchLoad(URI base, Path dataDir, int concurrency) {
    super(base, dataDir, concurrency);
  }

  // ---------------------------------------------------------------------------------------------
  // Workloads. Each virtual client gets its own Workload instance, so state (like a refresh-token
  // chain) is never shared between clients.

  /** One request per call; returns the HTTP status. */
  interface Workload {
    int call() throws Exception;
  }

  interface WorkloadFactory {
    Workload create(int client) throws Exception;
  }

  WorkloadFactory passwordWorkload(List<User> users) {
    return client -> {
      User u = users.get(client % users.size());
      String body = "{\"grant_type\":\"password\",\"username\":\"" + u.username() + "\",\"password\":\""
          + u.password() + "\"}";
      return () -> post("v1/auth/token", body).statusCode();
    };
  }

  WorkloadFactory refreshWorkload(List<User> users) {
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

  /** Who-am-I with an access token from a password grant made when the client is created (uncounted). */
  WorkloadFactory meWorkload(List<User> users) {
    return client -> {
      String token = accessToken(users.get(client % users.size()));
      return () -> get("v1/auth/me", token).statusCode();
    };
  }

  WorkloadFactory healthWorkload() {
    return client -> () -> get("actuator/health").statusCode();
  }

  String accessToken(User u) throws Exception {
    HttpResponse<String> r = post("v1/auth/token", "{\"grant_type\":\"password\",\"username\":\""
        + u.username() + "\",\"password\":\"" + u.password() + "\"}");
    require(r, 200, "login " + u.username());
    return field(r.body(), "access_token");
  }

  String login(User u) throws Exception {
    HttpResponse<String> r = post("v1/auth/token", "{\"grant_type\":\"password\",\"username\":\""
        + u.username() + "\",\"password\":\"" + u.password() + "\"}");
    require(r, 200, "login " + u.username());
    return field(r.body(), "refresh_token");
  }

  // ---------------------------------------------------------------------------------------------
  // Measurement

  Result measure(String name, int seconds, int warmupSeconds, WorkloadFactory factory) throws Exception {
    return measure(name, seconds, warmupSeconds, factory, concurrency);
  }

  Result measure(String name, int seconds, int warmupSeconds, WorkloadFactory factory, int clientCount)
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
    phaseHook("start", name);
    double cpu0 = serverCpuSeconds();
    List<Stats> perClient = run(clients, Duration.ofSeconds(seconds));
    double cpu = serverCpuSeconds() - cpu0;
    phaseHook("stop", name);
    Result result = Result.of(name, seconds, perClient, cpu);
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
  Result fixedRate(String name, int seconds, int rate, java.util.function.Supplier<HttpRequest> request)
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
    Result result = Result.of(name, seconds, List.of(stats), Double.NaN);
    System.out.println(result.line());
    return result;
  }

  /**
   * Runs the program named in KITH_BENCH_PHASE_HOOK, if any, with {@code start|stop} and the workload's name
   * around each measurement window (profile.sh starts and stops the profiler this way).
   */
  static void phaseHook(String event, String name) throws IOException, InterruptedException {
    String hook = System.getenv("KITH_BENCH_PHASE_HOOK");
    if (hook != null && !hook.isBlank()) {
      int rc = new ProcessBuilder(hook, event, name).inheritIO().start().waitFor();
      if (rc != 0) {
        throw new IllegalStateException(hook + " " + event + " '" + name + "' exited with " + rc);
      }
    }
  }

  /**
   * CPU seconds (user + system) the server process has used so far, from /proc/PID/stat, where the server's
   * process id is given in KITH_BENCH_SERVER_PID (run.sh does); NaN otherwise. Fields 14 and 15 count clock
   * ticks, 100 per second on Linux (USER_HZ).
   */
  static double serverCpuSeconds() {
    String pid = System.getenv("KITH_BENCH_SERVER_PID");
    if (pid == null || pid.isBlank()) {
      return Double.NaN;
    }
    try {
      String stat = Files.readString(Path.of("/proc", pid.trim(), "stat"));
      // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  List<Stats> run(List<Workload> clients, Duration duration) throws Exception {
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
  static final class Stats {
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

  /** {@code perServerCpuSecond}: successful requests per CPU second the server used in the window (NaN: unknown). */
  record Result(String name, long requests, long errors, Map<Integer, Integer> errorStatuses,
      double perSecond, double perSecondPerCore, double perServerCpuSecond, double p50Ms, double p95Ms,
      double p99Ms) {
    static final String HEADER = String.format(Locale.ROOT, "%-24s %9s %7s %10s %12s %12s %9s %9s %9s",
        "workload", "requests", "errors", "ok req/s", "req/s/core", "req/cpu-s", "p50 ms", "p95 ms", "p99 ms");

    static Result of(String name, double elapsedSeconds, List<Stats> perClient, double serverCpuSeconds) {
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
          rate / Runtime.getRuntime().availableProcessors(), ok / serverCpuSeconds, percentile(all, 50), percentile(all, 95),
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
      return String.format(Locale.ROOT, "%s: %d requests, %d errors%s, %.1f ok req/s (%.1f per core, %.1f per "
          + "server CPU second), p50 %.2f ms, p95 %.2f ms, p99 %.2f ms", name, requests, errors,
          errors == 0 ? "" : " " + errorStatuses, perSecond, perSecondPerCore, perServerCpuSecond, p50Ms, p95Ms, p99Ms);
    }

    String row() {
      return String.format(Locale.ROOT, "%-24s %9d %7d %10.1f %12.1f %12.1f %9.2f %9.2f %9.2f",
          name, requests, errors, perSecond, perSecondPerCore, perServerCpuSecond, p50Ms, p95Ms, p99Ms);
    }
  }

}
