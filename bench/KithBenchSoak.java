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


/** KithBench's soak: a fixed-rate mixed workload for a long time, reported per 10-second window. */
abstract class KithBenchSoak extends KithBenchLoad {
  KithBenchSoak(URI base, Path dataDir, int concurrency) {
    super(base, dataDir, concurrency);
  }

  // ---------------------------------------------------------------------------------------------
  // Soak: a fixed-rate mixed workload for a long time, reported per 10-second window

  /** Username the soak script makes an admin (the verifier role signs records). */
  static final String SOAK_ADMIN = "soak-admin@example.com";
  static final int WINDOW_SECONDS = 10;

  /** One window's outcomes: latencies in microseconds, measured from the request's scheduled start. */
  static final class Window {
    final List<Long> micros = new ArrayList<>();
    int errors;
  }

  int soak(int seconds, int rate, Path gcLog, Path out) throws Exception {
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
  void warmUp(int seconds, int rate, List<String> ids, String[] tokens, String viewerId, String aId,
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

  HttpRequest soakRequest(int op, long i, String id, String[] tokens, String viewerId, String aId,
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
  static void summarise(String dat, String heap) {
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

  static List<double[]> rows(String text) {
    List<double[]> rows = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        rows.add(java.util.Arrays.stream(line.trim().split("\\s+")).mapToDouble(Double::parseDouble).toArray());
      }
    }
    return rows;
  }

  static double avg(List<double[]> rows, int column) {
    return rows.stream().mapToDouble(r -> r[column]).average().orElse(0);
  }

  static long percentile(List<Long> sorted, double q) {
    return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
  }

  static String person(String name) {
    return "{\"schema\":\"ss_NZ_Person\",\"properties\":{\"given_names\":\"" + name
        + "\",\"family_name\":\"Soak\",\"date_of_birth\":\"1990-01-02\"}}";
  }

  HttpRequest request(String path, String json, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT)
        .header("Content-Type", "application/json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return (json == null ? b.GET() : b.POST(HttpRequest.BodyPublishers.ofString(json))).build();
  }

}
