package org.kith.api.clarity;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.kith.core.authz.Permission;
import org.kith.core.authz.Subject;
import org.kith.core.clarity.ClarityService;
import org.kith.core.profile.NewProfileObject;
import org.kith.core.profile.PermissionService;
import org.kith.core.profile.ProfileObject;
import org.kith.core.profile.ProfileObjectStore;
import org.kith.core.profile.ProfileService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The Clarity models shipped in the extraction module ({@code kith/clarity/models/index.json} lists them), so a
 * fresh install reads the shipped document schemas without training. At start each is stored as a profile object
 * owned by the built-in system account ({@link Subject#SYSTEM_USER}) that everyone may view; a stored shipped
 * model whose properties differ from the file (an upgrade) is replaced in place, one no longer shipped is deleted,
 * and an unchanged one is left alone, so loading is idempotent. Models other accounts own are never touched.
 */
public final class ShippedModels {
  private static final Logger LOG = LoggerFactory.getLogger(ShippedModels.class);
  private static final String DIR = "kith/clarity/models/";
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private ShippedModels() {}

  /** A shipped model: its version, the schema it reads and its {@code ss_Clarity_Model_01} properties. */
  public record Shipped(int version, String schemaName, Map<String, Object> properties) {
    String name() {
      return String.valueOf(properties.get("name"));
    }
  }

  public static List<Shipped> read(ObjectMapper json) {
    try {
      List<String> files =
          json.readValue(resource("index.json"), new TypeReference<List<String>>() {});
      List<Shipped> out = new ArrayList<>();
      for (String f : files) {
        Map<String, Object> file = json.readValue(resource(f), MAP);
        @SuppressWarnings("unchecked")
        Map<String, Object> properties = (Map<String, Object>) file.get("properties");
        out.add(new Shipped(
            ((Number) file.get("version")).intValue(),
            (String) file.get("schema_name"),
            properties));
      }
      return out;
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("cannot read the shipped Clarity models", e);
    }
  }

  private static InputStream resource(String path) throws IOException {
    InputStream in = ShippedModels.class.getClassLoader().getResourceAsStream(DIR + path);
    if (in == null) {
      throw new UncheckedIOException(new IOException("missing " + DIR + path));
    }
    return in;
  }

  /** Installs what changed; completes with the number of models stored, replaced or deleted. */
  public static Mono<Long> install(
      ProfileService profiles, PermissionService permissions, List<Shipped> shipped) {
    String system = Subject.SYSTEM_USER;
    Set<String> names = shipped.stream().map(Shipped::name).collect(Collectors.toSet());
    return profiles
        .read(
            system,
            new ProfileObjectStore.VisibleQuery(
                List.of(), List.of(ClarityService.MODEL_SCHEMA), List.of(), null, 1000))
        .map(page -> page.objects().stream()
            .filter(v -> v.held().orElse(null) == Permission.IS_OWNER)
            .map(ProfileObjectStore.VisibleObject::object)
            .filter(o -> ClarityService.MODEL_SCHEMA.equals(o.schema()))
            .collect(Collectors.toMap(
                o -> String.valueOf(o.properties().get("name")), o -> o, (a, b) -> a)))
        .flatMap(stored -> Flux.fromIterable(shipped)
            .concatMap(s -> install(profiles, permissions, s, stored.get(s.name())))
            .concatWith(Flux.fromIterable(stored.values())
                .filter(o -> !names.contains(String.valueOf(o.properties().get("name"))))
                .concatMap(o -> profiles.delete(system, o.nId()).thenReturn(1L)))
            .reduce(0L, Long::sum))
        .doOnNext(n -> LOG.info(
            "Clarity models: {} shipped, {} stored, replaced or removed", shipped.size(), n));
  }

  private static Mono<Long> install(
      ProfileService profiles,
      PermissionService permissions,
      Shipped s,
      @Nullable ProfileObject stored) {
    String system = Subject.SYSTEM_USER;
    if (stored == null) {
      return profiles
          .create(
              system,
              List.of(new NewProfileObject(
                  ClarityService.MODEL_SCHEMA, List.of(), s.properties(), null)))
          .flatMap(created -> permissions.grant(
              system, created.get(0).nId(), Subject.group(Subject.PUBLIC), Permission.VIEWS, false))
          .thenReturn(1L);
    }
    if (canonical(stored.properties()).equals(canonical(s.properties()))) {
      return Mono.just(0L);
    }
    return profiles.update(system, stored.nId(), null, s.properties()).thenReturn(1L);
  }

  /** Properties compared by value: a number stored as a whole is the same number however it was typed. */
  static @Nullable Object canonical(@Nullable Object value) {
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), canonical(v)));
      return out;
    }
    if (value instanceof List<?> l) {
      return l.stream().map(ShippedModels::canonical).toList();
    }
    if (value instanceof Number n) {
      double d = n.doubleValue();
      return d == Math.rint(d) && !Double.isInfinite(d) ? (Object) n.longValue() : (Object) d;
    }
    return value;
  }
}
