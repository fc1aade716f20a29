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
 * <p>Usage: {@code javac -d out bench/KithBench*.java && java -cp out KithBench auth|graph <baseUrl> <dataDir>
 * [seconds] [concurrency] [warmup] [objects]} (run.sh, soak.sh and clarity.sh do this).
 *
 * <p>JDK only: four source files (this one, {@link KithBenchClient}, {@link KithBenchLoad} and
 * {@link KithBenchSoak}) compiled with javac, no other build step. It reads verification
 * codes straight from the {@code .eml} files the server writes when no SMTP server is configured,
 * which is why it needs the server's data directory.
 */
public final class KithBench extends KithBenchSoak {
  private KithBench(URI base, Path dataDir, int concurrency) {
    super(base, dataDir, concurrency);
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
      System.err.println("usage: java KithBench auth <baseUrl> <dataDir> [seconds] [concurrency] [warmupSeconds]");
      System.err.println("       java KithBench graph <baseUrl> <dataDir> [seconds] [concurrency] [warmupSeconds]"
          + " [objects]");
      System.err.println("       java KithBench clarity <baseUrl> <dataDir> [seconds] [concurrency] [warmupSeconds]"
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
    System.exit(results.stream().anyMatch(r -> r.errors() > 0) ? 1 : 0);
  }

  private List<Result> auth(int seconds, int warmup) throws Exception {
    List<User> users = createUsers(USERS);
    List<Result> results = new ArrayList<>();
    results.add(measure("password grant", seconds, warmup, passwordWorkload(users)));
    results.add(measure("refresh grant", seconds, warmup, refreshWorkload(users)));
    results.add(measure("GET /v1/auth/me", seconds, warmup, meWorkload(users)));
    results.add(measure("GET jwks.json", seconds, warmup, client -> () -> get(".well-known/jwks.json").statusCode()));
    results.add(measure("GET /actuator/health", seconds, warmup, healthWorkload()));
    return results;
  }

  // ---------------------------------------------------------------------------------------------
  // The permission graph: bulk create, permission-checked reads, "what can I see"

  private static final int TREES = 100;
  private static final int TREE_SIZE = 10;

  private List<Result> graph(int seconds, int warmup, int objects) throws Exception {
    // KITH_BENCH_OWNERS people sign up and bulk-create the objects between them (default 1); the viewer is one more
    int ownerCount = Integer.parseInt(System.getenv().getOrDefault("KITH_BENCH_OWNERS", "1"));
    List<User> users = createUsers(ownerCount + 1);
    List<String> owners = new ArrayList<>();
    for (User u : users.subList(0, ownerCount)) {
      owners.add(accessToken(u));
    }
    String owner = owners.get(0);
    String viewer = accessToken(users.get(ownerCount));
    String viewerId = field(get("v1/auth/me", viewer).body(), "u_id");
    // Users seeded into the database before the server started (bench/GraphSeed.java): grant subjects only
    Seeded seeded = Seeded.read(System.getenv("KITH_BENCH_SEEDED"));
    // Bulk load: arrays of 1,000 posted by KITH_BENCH_LOADERS clients at once (default 1, one request at a time),
    // batch b by owner b mod owners. ids: everything, in order; owned.get(o): owner o's objects.
    int loaders = Integer.parseInt(System.getenv().getOrDefault("KITH_BENCH_LOADERS", "1"));
    List<String> ids = java.util.Collections.synchronizedList(new ArrayList<>());
    List<List<String>> owned = new ArrayList<>();
    for (int o = 0; o < ownerCount; o++) {
      owned.add(java.util.Collections.synchronizedList(new ArrayList<>()));
    }
    java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
    long t0 = System.nanoTime();
    List<Future<Void>> loading = new ArrayList<>();
    for (int l = 0; l < loaders; l++) {
      loading.add(workers.submit(() -> {
        for (int done = next.getAndAdd(1000); done < objects; done = next.getAndAdd(1000)) {
          int n = Math.min(1000, objects - done);
          int by = done / 1000 % ownerCount;
          StringBuilder body = new StringBuilder("[");
          for (int i = 0; i < n; i++) {
            body.append(i == 0 ? "" : ",").append("{\"schema\":\"ss_NZ_Person\",\"labels\":[\"Bench\"],")
                .append("\"properties\":{\"given_names\":\"P").append(done + i).append("\",\"family_name\":")
                .append("\"Bench\",\"date_of_birth\":\"1990-01-02\"}}");
          }
          HttpResponse<String> r = post("v1/db/profile-objects", body.append("]").toString(), owners.get(by));
          require(r, 201, "bulk create");
          Matcher m = N_ID.matcher(r.body());
          List<String> batch = new ArrayList<>();
          while (m.find()) {
            batch.add(m.group(1));
          }
          ids.addAll(batch);
          owned.get(by).addAll(batch);
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
    List<String> mine = owned.get(0);
    int trees = Math.min(TREES, mine.size() / TREE_SIZE);
    for (int t = 0; t < trees; t++) {
      int base = t * TREE_SIZE;
      String root = mine.get(base);
      List<String> reached = t % 2 == 0 ? cascaded : viaGroups;
      for (int c = 0; c < 3; c++) {
        String child = mine.get(base + 1 + c);
        relate(root, child, owner);
        reached.add(child);
        for (int g = 0; g < 2; g++) {
          String grandchild = mine.get(base + 4 + 2 * c + g);
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
    // With seeded users: KITH_BENCH_SHARES objects of other owners (after the trees) each shared with the viewer,
    // two seeded users and two seeded groups, so a check has other people's grants to pass over
    List<String> shared = new ArrayList<>();
    if (seeded != null) {
      int shares = Integer.parseInt(System.getenv().getOrDefault("KITH_BENCH_SHARES", "1000"));
      java.util.Random pick = new java.util.Random(11);
      for (int i = 0; i < shares; i++) {
        int o = ownerCount == 1 ? 0 : 1 + i % (ownerCount - 1);
        String nId = owned.get(o).get(trees * TREE_SIZE + i / Math.max(1, ownerCount - 1));
        List<String> subjects = List.of("\"u_id\":\"" + viewerId + "\"",
            "\"u_id\":\"" + seeded.users().get(pick.nextInt(seeded.users().size())) + "\"",
            "\"u_id\":\"" + seeded.users().get(pick.nextInt(seeded.users().size())) + "\"",
            "\"g_id\":\"" + seeded.groups().get(pick.nextInt(seeded.groups().size())) + "\"",
            "\"g_id\":\"" + seeded.groups().get(pick.nextInt(seeded.groups().size())) + "\"");
        for (String subject : subjects) {
          require(post("v1/db/permissions/" + nId, "{" + subject + ",\"permission\":\"VIEWS\"}", owners.get(o)),
              200, "share");
        }
        shared.add(nId);
      }
      System.out.printf(Locale.ROOT, "%d users and %d groups seeded; %d objects of %d owners each shared with the"
          + " viewer, 2 seeded users and 2 seeded groups%n", seeded.users().size(), seeded.groups().size(),
          shared.size(), ownerCount);
    }
    List<Result> results = new ArrayList<>();
    // the owner's read: a random object of a random owner, read by that owner
    results.add(measure("GET object (owner)", seconds, warmup, client -> {
      java.util.Random random = new java.util.Random(client);
      return () -> {
        int o = random.nextInt(ownerCount);
        List<String> its = owned.get(o);
        return get("v1/db/profile-objects/" + its.get(random.nextInt(its.size())), owners.get(o)).statusCode();
      };
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
    if (!shared.isEmpty()) {
      results.add(measure("GET object (shared)", seconds, warmup, client -> {
        java.util.Random random = new java.util.Random(client);
        return () -> get("v1/db/profile-objects/" + shared.get(random.nextInt(shared.size())), viewer)
            .statusCode();
      }));
    }
    // a refused check (404 is the expected answer, counted as a success): the viewer's subjects through nested
    // groups and the object's ancestors are all looked at before the answer is no
    results.add(measure("GET object (refused)", seconds, warmup, client -> {
      java.util.Random random = new java.util.Random(client);
      List<String> others = owned.get(ownerCount - 1);
      return () -> {
        int status = get("v1/db/profile-objects/" + others.get(others.size() - 1 - random.nextInt(others.size() / 2)),
            viewer).statusCode();
        return status == 404 ? 200 : status == 200 ? 299 : status;
      };
    }));
    results.add(measure("first page (viewer)", seconds, warmup,
        client -> () -> post("v1/db/profile-objects/read", "{\"limit\":100}", viewer).statusCode()));
    results.add(measure("first page (owner)", seconds, warmup,
        client -> () -> post("v1/db/profile-objects/read", "{\"limit\":100}", owner).statusCode()));
    System.out.printf(Locale.ROOT, "permission-checked GET / health = %.2f; the first page's owner owns %d objects%n",
        results.get(0).perSecond() / results.get(1).perSecond(), mine.size());
    // Latency at a load the server can carry: half the GET throughput just measured, offered open loop.
    int rate = Math.max(10, (int) (results.get(0).perSecond() / 2));
    java.util.Random random = new java.util.Random(7);
    java.util.function.Supplier<HttpRequest> ownerGet = () -> {
      int o = random.nextInt(ownerCount);
      List<String> its = owned.get(o);
      return request("v1/db/profile-objects/" + its.get(random.nextInt(its.size())), null, owners.get(o));
    };
    if (warmup > 0) fixedRate("warm-up", warmup, rate, ownerGet);
    results.add(fixedRate("GET object (owner) @" + rate + "/s", seconds, rate, ownerGet));
    results.add(fixedRate("GET health @" + rate + "/s", seconds, rate, () -> request("actuator/health", null, null)));
    return results;
  }

  /** Users and groups bench/GraphSeed.java put into the database (ids one a line, a blank line between). */
  record Seeded(List<String> users, List<String> groups) {
    static Seeded read(String file) throws IOException {
      if (file == null || file.isEmpty()) {
        return null;
      }
      List<String> lines = Files.readAllLines(Path.of(file));
      int blank = lines.indexOf("");
      return new Seeded(lines.subList(0, blank), lines.subList(blank + 1, lines.size()));
    }
  }

  private void relate(String from, String to, String token) throws Exception {
    require(post("v1/db/relationships", "{\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"type\":\"HAS\"}",
        token), 201, "relate");
  }

  // ---------------------------------------------------------------------------------------------
  // Clarity: per-card extraction latency, cards/s with concurrent requests, full-page OCR of the same cards

  static final String CLARITY_ADMIN = "bench-admin@example.org";

  private List<Result> clarity(int seconds, int warmup, Path cards) throws Exception {
    // reading models are system records: only an administrator stores one (bench/clarity.sh names this one)
    String token = accessToken(createUsers(List.of(CLARITY_ADMIN)).get(0));
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

}
