package org.kith.api.schema;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.kith.core.Rejected;
import org.kith.core.schema.SchemaName;
import org.kith.core.schema.SchemaService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The system schemas shipped in the {@code schemas} module ({@code kith/schemas/index.json} lists them).
 * At start each is stored as a new version when the stored current version differs from the file, so
 * loading is idempotent and an edited file becomes the next version.
 */
public final class SystemSchemas {
  private static final Logger LOG = LoggerFactory.getLogger(SystemSchemas.class);
  private static final String DIR = "kith/schemas/";
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private SystemSchemas() {}

  /** A shipped schema with its name. */
  public record Shipped(SchemaName name, Map<String, Object> schema) {}

  public static List<Shipped> read(ObjectMapper json) {
    try {
      List<String> names =
          json.readValue(resource("index.json"), new TypeReference<List<String>>() {});
      List<Shipped> out = new ArrayList<>();
      for (String n : names) {
        out.add(new Shipped(
            SchemaName.parse(n).orElseThrow(), json.readValue(resource(n + ".schema.json"), MAP)));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the system schemas", e);
    }
  }

  /** Example documents shipped beside a schema ({@code valid} or {@code invalid}). */
  public static Object example(ObjectMapper json, SchemaName name, String kind) throws IOException {
    return json.readValue(resource("examples/" + name.full() + "." + kind + ".json"), Object.class);
  }

  static InputStream resource(String path) throws IOException {
    InputStream in = SystemSchemas.class.getClassLoader().getResourceAsStream(DIR + path);
    if (in == null) {
      throw new IOException("missing " + DIR + path);
    }
    return in;
  }

  /** Stores what changed; completes with the number of new versions. */
  public static Mono<Long> load(SchemaService schemas, List<Shipped> shipped) {
    return Flux.fromIterable(shipped)
        .concatMap(s -> schemas
            .get(s.name(), null)
            .map(stored -> stored.schema().equals(s.schema()))
            .onErrorReturn(
                Rejected.class, false) // none stored yet; a failure to read is not "changed"
            .flatMap(same -> same
                ? Mono.<Long>just(0L)
                : schemas.addVersion(null, s.name(), s.schema()).thenReturn(1L)))
        .reduce(0L, Long::sum)
        .doOnNext(
            n -> LOG.info("system schemas: {} shipped, {} new versions stored", shipped.size(), n));
  }
}
