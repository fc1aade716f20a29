import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.kith.crypto.keys.KeyFiles;
import org.kith.crypto.keys.SigningKeys;
import org.kith.crypto.record.Es256RecordSigner;
import org.kith.crypto.record.RecordVerifier;

/**
 * /v1/verify/check throughput against raw in-process verification with the same key and records.
 * Run by bench/verify.sh with Kith's own libraries on the class path:
 *   java -cp 'libs/*' VerifyBench.java keys <data-dir>        writes the signing key the server will use
 *   java -cp 'libs/*' VerifyBench.java run <base> <data-dir> <seconds> <concurrency> <batch>
 */
public class VerifyBench {
  static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

  public static void main(String[] args) throws Exception {
    Path dataDir = Path.of(args[1 + (args[0].equals("run") ? 1 : 0)]);
    // the server moves keys/signing-keys.jwks.json into its database on first start (and removes the file);
    // this side keeps its own copy
    Path keyFile = dataDir.resolve("bench-signing-keys.jwks.json");
    if (args[0].equals("keys")) {
      byte[] set = new JWKSet(SigningKeys.generate()).toString(false).getBytes(StandardCharsets.UTF_8);
      KeyFiles.write(dataDir.resolve("keys").resolve("signing-keys.jwks.json"), set);
      KeyFiles.write(keyFile, set);
      return;
    }
    URI base = URI.create(args[1]);
    int seconds = Integer.parseInt(args[3]);
    int concurrency = Integer.parseInt(args[4]);
    int batch = Integer.parseInt(args[5]);
    SigningKeys keys = SigningKeys.loadOrCreate(keyFile);
    Es256RecordSigner signer = new Es256RecordSigner(() -> keys);
    RecordVerifier verifier = RecordVerifier.of(keys.publicSet());

    List<Map<String, Object>> records = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      Map<String, Object> document = new LinkedHashMap<>();
      document.put("family_name", "ERIKSSON" + i);
      document.put("date_of_birth", "1974-08-12");
      document.put("document_number", "L8989" + i);
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("schema_name", "ss_NZ_Passport");
      data.put("document_data", document);
      data.put("verifications", List.of(Map.of("name", "mrz_check_digits", "passed", true)));
      records.add(Map.of("data", data, "signature", signer.sign(data)));
    }
    List<String> bodies = new ArrayList<>();
    for (int i = 0; i + batch <= records.size(); i += batch) {
      bodies.add(JSON.writeValueAsString(records.subList(i, i + batch)));
    }

    double raw = measure(seconds, concurrency, worker -> {
      Map<String, Object> r = records.get(worker % records.size());
      if (!verifier.verify(r.get("data"), (String) r.get("signature"))) {
        throw new IllegalStateException("raw verification failed");
      }
      return 1;
    });
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    double api = measure(seconds, concurrency, worker -> {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/v1/verify/check"))
          .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(bodies.get(worker % bodies.size()))).build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200 || response.body().contains("\"verified\":false")) {
        throw new IllegalStateException("check failed: " + response.statusCode() + " " + response.body());
      }
      return batch;
    });
    System.out.printf("raw in-process RecordVerifier: %.0f records/s (%d threads)%n", raw, concurrency);
    System.out.printf("POST /v1/verify/check, %d records per request: %.0f records/s (%d clients)%n", batch, api,
        concurrency);
    System.out.printf("ratio api/raw: %.2f%n", api / raw);
  }

  interface Work {
    int run(int worker) throws Exception;
  }

  /** Records per second over {@code seconds} after a warm-up of the same length, on {@code threads} threads. */
  static double measure(int seconds, int threads, Work work) throws Exception {
    for (int phase = 0; phase < 2; phase++) {
      LongAdder done = new LongAdder();
      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        futures.add(pool.submit(() -> {
          int i = id;
          while (!stop.get()) {
            done.add(work.run(i));
            i += threads;
          }
          return null;
        }));
      }
      long start = System.nanoTime();
      Thread.sleep(seconds * 1000L);
      stop.set(true);
      for (Future<?> f : futures) {
        f.get();
      }
      long elapsed = System.nanoTime() - start;
      pool.shutdown();
      if (phase == 1) {
        return done.sum() / (elapsed / 1e9);
      }
    }
    throw new AssertionError();
  }
}
