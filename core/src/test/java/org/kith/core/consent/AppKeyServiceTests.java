package org.kith.core.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.core.FieldError;
import org.kith.core.ProblemKind;
import org.kith.core.Rejected;
import org.kith.core.audit.AuditEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

@DisplayName("application keys")
class AppKeyServiceTests {
  private static final Instant NOW = Instant.parse("2026-02-01T00:00:00Z");

  private final ApplicationServiceTests.MemoryApps apps = new ApplicationServiceTests.MemoryApps();
  private final Map<String, AppPublicKey> publicKeys = new LinkedHashMap<>();
  private final Map<String, WrappedKey> wrapped = new HashMap<>();

  private final AppKeyStore store = new AppKeyStore() {
    @Override
    public Mono<AppPublicKey> add(AppPublicKey key, boolean makeDefault, List<AuditEvent> audit) {
      return Mono.fromCallable(() -> {
        publicKeys.put(key.nId(), key);
        return key;
      });
    }

    @Override
    public Mono<AppPublicKey> find(String nId) {
      return Mono.fromCallable(() -> publicKeys.get(nId));
    }

    @Override
    public Mono<AppPublicKey> defaultOf(String aId) {
      return of(aId).filter(AppPublicKey::isDefault).next();
    }

    @Override
    public Flux<AppPublicKey> of(String aId) {
      return Flux.defer(() -> Flux.fromIterable(new ArrayList<>(publicKeys.values())))
          .filter(k -> k.aId().equals(aId));
    }

    @Override
    public Mono<WrappedKey> putWrapped(WrappedKey key, List<AuditEvent> audit) {
      return Mono.fromCallable(() -> {
        if (key.uId().equals("ghost")) {
          return null;
        }
        wrapped.put(key.pkId() + "/" + key.uId(), key);
        return key;
      });
    }

    @Override
    public Mono<WrappedKey> wrappedFor(String pkId, String uId) {
      return Mono.fromCallable(() -> wrapped.get(pkId + "/" + uId));
    }

    @Override
    public Flux<String> holders(String pkId) {
      return Flux.defer(() -> Flux.fromIterable(wrapped.values())
          .filter(w -> w.pkId().equals(pkId))
          .map(WrappedKey::uId));
    }
  };

  /** Accepts {"kty":"RSA","n":...} with the modulus size given by "bytes"; encrypted keys must be that long. */
  private static final KeyMaterial MATERIAL = new KeyMaterial() {
    @Override
    public PublicKeyInfo checkPublicKey(@Nullable Object jwk) {
      if (!(jwk instanceof Map<?, ?> m) || !"RSA".equals(m.get("kty"))) {
        throw Rejected.invalid("jwk", "an RSA public key");
      }
      return new PublicKeyInfo(
          Map.of("kty", "RSA", "n", m.get("n")), "tp-" + m.get("n"), (Integer) m.get("bytes"));
    }

    @Override
    public void checkWrappedKeyShape(@Nullable Object wrapped) {
      if (!(wrapped instanceof Map<?, ?> m) || !m.containsKey("encrypted_key")) {
        throw Rejected.invalid("private_key", "a wrapped private key");
      }
    }

    @Override
    public void checkEncryptedKey(@Nullable Object encryptedKey, int modulusBytes, String path) {
      if (!(encryptedKey instanceof String s) || s.length() != modulusBytes) {
        throw Rejected.invalid(path, "an RSA-OAEP block of " + modulusBytes + " bytes");
      }
    }
  };

  private final AppKeyService service =
      new AppKeyService(apps, store, MATERIAL, Clock.fixed(NOW, ZoneOffset.UTC));

  AppKeyServiceTests() {
    apps.admins.add("a1/admin");
    apps.admins.add("a1/coadmin");
  }

  private static Map<String, Object> jwk(String n, int bytes) {
    return Map.of("kty", "RSA", "n", n, "bytes", bytes);
  }

  private static void refused(Mono<?> mono, ProblemKind kind) {
    StepVerifier.create(mono)
        .verifyErrorSatisfies(e -> assertThat(((Rejected) e).kind()).isEqualTo(kind));
  }

  private static List<String> paths(Mono<?> mono) {
    List<String> paths = new ArrayList<>();
    StepVerifier.create(mono)
        .verifyErrorSatisfies(
            e -> ((Rejected) e).errors().stream().map(FieldError::path).forEach(paths::add));
    return paths;
  }

  private AppPublicKey addKey(String n, int bytes) {
    AppPublicKey key = service.addPublicKey("admin", "a1", jwk(n, bytes), true).block();
    assertThat(key).isNotNull();
    return key;
  }

  @Test
  @DisplayName("administrators add public keys; a key added twice is a 409; others get 404")
  void addPublicKey() {
    AppPublicKey key = addKey("n1", 256);
    assertThat(key.nId()).startsWith("pk_");
    assertThat(key.thumbprint()).isEqualTo("tp-n1");
    assertThat(key.createdAt()).isEqualTo(NOW);
    refused(service.addPublicKey("coadmin", "a1", jwk("n1", 256), false), ProblemKind.CONFLICT);
    refused(service.addPublicKey("stranger", "a1", jwk("n2", 256), false), ProblemKind.NOT_FOUND);
    refused(
        service.addPublicKey("admin", "a1", Map.of("kty", "EC"), false), ProblemKind.VALIDATION);
    assertThat(publicKeys).hasSize(1);
    assertThat(service.defaultKey("a1").block()).isEqualTo(key);
    refused(service.defaultKey("a2"), ProblemKind.NOT_FOUND);
    refused(service.publicKey("pk_unknown"), ProblemKind.NOT_FOUND);
  }

  @Test
  @DisplayName(
      "a user's wrapped copy is its own: administrators store copies for others but never replace one")
  void privateKeys() {
    AppPublicKey key = addKey("n1", 256);
    Map<String, Object> copy = Map.of("encrypted_key", Map.of("encrypted_key", "x"));
    assertThat(service.storePrivateKey("admin", key.nId(), copy, "bob").block())
        .extracting(WrappedKey::storedBy)
        .isEqualTo("admin");
    refused(service.storePrivateKey("coadmin", key.nId(), copy, "bob"), ProblemKind.CONFLICT);
    assertThat(service.storePrivateKey("admin", key.nId(), copy, " ").block())
        .extracting(WrappedKey::uId)
        .isEqualTo("admin");
    refused(
        service.storePrivateKey("admin", key.nId(), Map.of("other", 1), "carol"),
        ProblemKind.VALIDATION);
    refused(service.storePrivateKey("admin", key.nId(), copy, "ghost"), ProblemKind.NOT_FOUND);
    refused(service.storePrivateKey("bob", key.nId(), copy, null), ProblemKind.NOT_FOUND);
    assertThat(service.myPrivateKey("bob", key.nId()).block())
        .extracting(WrappedKey::uId)
        .isEqualTo("bob");
    refused(service.myPrivateKey("carol", key.nId()), ProblemKind.NOT_FOUND);
    assertThat(service.holders("admin", key.nId()).collectList().block())
        .containsExactlyInAnyOrder("bob", "admin");
    refused(service.holders("bob", key.nId()).then(), ProblemKind.NOT_FOUND);
  }

  @Test
  @DisplayName(
      "instance keys name a shared object, a field and one of the application's keys, with a block of its size")
  void instanceKeys() {
    AppPublicKey key = addKey("n1", 8);
    Map<String, Object> good = Map.of(
        "n_id",
        "obj1",
        "field_name",
        "email",
        "public_key",
        key.nId(),
        "encrypted_key",
        "12345678");
    assertThat(service.checkInstanceKeys("a1", List.of("obj1"), List.of(good)).block())
        .containsExactly(good);
    assertThat(service.checkInstanceKeys("a1", List.of("obj1"), null).block()).isEmpty();
    assertThat(service.checkInstanceKeys("a1", List.of("obj1"), List.of()).block())
        .isEmpty();
  }

  @Test
  @DisplayName("every bad instance key entry is reported by its path")
  void badInstanceKeys() {
    AppPublicKey key = addKey("n1", 8);
    AppPublicKey other = new AppPublicKey("pk_other", "a2", Map.of(), "tp", 8, true, NOW);
    publicKeys.put(other.nId(), other);
    List<Object> entries = List.of(
        "not a map",
        Map.of("n_id", "obj1", "extra", 1),
        Map.of(
            "n_id",
            "obj9",
            "field_name",
            "f",
            "public_key",
            key.nId(),
            "encrypted_key",
            "12345678"),
        Map.of(
            "n_id", "obj1", "field_name", "", "public_key", key.nId(), "encrypted_key", "12345678"),
        Map.of(
            "n_id",
            "obj1",
            "field_name",
            "f",
            "public_key",
            other.nId(),
            "encrypted_key",
            "12345678"),
        Map.of(
            "n_id", "obj1", "field_name", "f", "public_key", key.nId(), "encrypted_key", "short"),
        Map.of(
            "n_id",
            "obj1",
            "field_name",
            "f",
            "public_key",
            key.nId(),
            "encrypted_key",
            "12345678"),
        Map.of(
            "n_id",
            "obj1",
            "field_name",
            "f",
            "public_key",
            key.nId(),
            "encrypted_key",
            "87654321"));
    assertThat(paths(service.checkInstanceKeys("a1", List.of("obj1"), entries)))
        .containsExactly(
            "keys/0",
            "keys/1",
            "keys/2/n_id",
            "keys/3/field_name",
            "keys/4/public_key",
            "keys/5/encrypted_key",
            "keys/7");
  }

  @Test
  @DisplayName("instance keys are a list of at most 1,000 entries")
  void instanceKeyLimit() {
    assertThat(paths(service.checkInstanceKeys("a1", List.of(), Map.of()))).containsExactly("keys");
    List<Object> tooMany = new ArrayList<>();
    for (int i = 0; i <= AppKeyService.MAX_INSTANCE_KEYS; i++) {
      tooMany.add(Map.of());
    }
    assertThat(paths(service.checkInstanceKeys("a1", List.of(), tooMany))).containsExactly("keys");
  }
}
