package org.kith.core.consent;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.kith.core.FieldError;
import org.kith.core.Ids;
import org.kith.core.ProblemKind;
import org.kith.core.Rejected;
import org.kith.core.audit.AuditEvent;
import org.kith.core.audit.ConsentEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Encrypted sharing without the server reading anything: applications publish RSA-OAEP-512 public keys, data
 * owners wrap per-field AES keys under them (instance {@code keys}), and application administrators keep
 * copies of the application's private key wrapped client-side for themselves and chosen users. Public keys are
 * readable by every signed-in user (they are needed to encrypt); adding keys, storing copies for others and
 * listing holders is for the application's administrators (404 for everyone else, as for the application);
 * each user reads only its own copy.
 */
public final class AppKeyService {
  /** Most entries in one instance's {@code keys}. */
  public static final int MAX_INSTANCE_KEYS = 1_000;

  private final ApplicationStore apps;
  private final AppKeyStore keys;
  private final KeyMaterial material;
  private final Clock clock;

  public AppKeyService(ApplicationStore apps, AppKeyStore keys, KeyMaterial material, Clock clock) {
    this.apps = apps;
    this.keys = keys;
    this.material = material;
    this.clock = clock;
  }

  public Mono<AppPublicKey> addPublicKey(
      String uId, String aId, @Nullable Object jwk, boolean makeDefault) {
    return requireAdmin(uId, aId).then(Mono.defer(() -> {
      KeyMaterial.PublicKeyInfo info = material.checkPublicKey(jwk);
      Instant now = clock.instant();
      AppPublicKey key = new AppPublicKey(
          "pk_" + Ids.uuid(),
          aId,
          info.jwk(),
          info.thumbprint(),
          info.modulusBytes(),
          makeDefault,
          now);
      return keys.of(aId)
          .filter(k -> k.thumbprint().equals(info.thumbprint()))
          .hasElements()
          .flatMap(dup -> dup
              ? Mono.error(
                  Rejected.of(ProblemKind.CONFLICT, "the application already has this key"))
              : keys.add(
                  key,
                  makeDefault,
                  List.of(AuditEvent.of(
                      aId,
                      uId,
                      now,
                      new ConsentEvent.PublicKeyAdded(key.nId(), key.thumbprint())))))
          .switchIfEmpty(Mono.error(() -> Rejected.notFound("no such application")));
    }));
  }

  /** The application's default key; any signed-in caller. */
  public Mono<AppPublicKey> defaultKey(String aId) {
    return keys.defaultOf(aId)
        .switchIfEmpty(Mono.error(() -> Rejected.notFound("the application has no public key")));
  }

  public Mono<AppPublicKey> publicKey(String nId) {
    return keys.find(nId).switchIfEmpty(Mono.error(() -> Rejected.notFound("no such public key")));
  }

  /**
   * Stores a wrapped copy of the key's private half for the caller or, if the caller administers the key's
   * application, for another user.
   */
  public Mono<WrappedKey> storePrivateKey(
      String uId, String pkId, @Nullable Object wrapped, @Nullable String forUId) {
    String holder = forUId == null || forUId.isBlank() ? uId : forUId;
    return publicKey(pkId)
        .flatMap(pk -> requireAdmin(uId, pk.aId()).then(Mono.defer(() -> {
          material.checkWrappedKeyShape(wrapped);
          @SuppressWarnings("unchecked")
          Map<String, Object> body = (Map<String, Object>) wrapped;
          Instant now = clock.instant();
          Mono<WrappedKey> store = keys.putWrapped(
                  new WrappedKey(pkId, holder, body, uId, now),
                  List.of(AuditEvent.of(
                      pk.aId(), uId, now, new ConsentEvent.PrivateKeyStored(pkId, holder))))
              .switchIfEmpty(Mono.error(() -> Rejected.notFound("no such user")));
          // a holder's own copy is replaced only by that holder: an administrator cannot swap
          // someone's key
          return holder.equals(uId)
              ? store
              : keys.wrappedFor(pkId, holder)
                  .hasElement()
                  .flatMap(exists -> exists
                      ? Mono.error(Rejected.conflict(
                          "that user already holds a copy; only they can " + "replace it"))
                      : store);
        })));
  }

  /** The caller's own copy; 404 when it holds none. */
  public Mono<WrappedKey> myPrivateKey(String uId, String pkId) {
    return keys.wrappedFor(pkId, uId)
        .switchIfEmpty(Mono.error(() -> Rejected.notFound("you hold no copy of this key")));
  }

  /** Who holds a copy: the application's administrators only. */
  public Flux<String> holders(String uId, String pkId) {
    return publicKey(pkId)
        .flatMapMany(pk -> requireAdmin(uId, pk.aId()).thenMany(keys.holders(pkId)));
  }

  /**
   * Checks an instance's {@code keys}: a list of {@code {n_id, field_name, public_key, encrypted_key}} where
   * {@code n_id} is one of the shared objects, {@code public_key} a key of the application and
   * {@code encrypted_key} an RSA-OAEP block of that key's size. Returns the entries to store.
   */
  public Mono<List<Map<String, Object>>> checkInstanceKeys(
      String aId, List<String> shared, @Nullable Object raw) {
    if (raw == null) {
      return Mono.just(List.of());
    }
    if (!(raw instanceof List<?> list) || list.size() > MAX_INSTANCE_KEYS) {
      return Mono.error(Rejected.invalid(
          "keys",
          "keys must be a list of at most " + MAX_INSTANCE_KEYS
              + " {n_id, field_name, public_key, encrypted_key}"));
    }
    if (list.isEmpty()) {
      return Mono.just(List.of());
    }
    return keys.of(aId).collectMap(AppPublicKey::nId).map(appKeys -> {
      List<FieldError> errors = new ArrayList<>();
      List<Map<String, Object>> entries = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < list.size(); i++) {
        String path = "keys/" + i;
        if (!(list.get(i) instanceof Map<?, ?> m)
            || !Set.of("n_id", "field_name", "public_key", "encrypted_key")
                .containsAll(m.keySet())) {
          errors.add(
              new FieldError(path, "expected {n_id, field_name, public_key, encrypted_key}"));
          continue;
        }
        Object nId = m.get("n_id");
        Object field = m.get("field_name");
        Object pk = m.get("public_key");
        if (!(nId instanceof String n) || !shared.contains(n)) {
          errors.add(new FieldError(path + "/n_id", "must be one of the shared profile objects"));
          continue;
        }
        if (!(field instanceof String f) || f.isEmpty() || f.length() > 200) {
          errors.add(new FieldError(path + "/field_name", "a field name of 1 to 200 characters"));
          continue;
        }
        AppPublicKey key = pk instanceof String p ? appKeys.get(p) : null;
        if (key == null) {
          errors.add(new FieldError(
              path + "/public_key", "must be the n_id of one of the application's public keys"));
          continue;
        }
        try {
          material.checkEncryptedKey(
              m.get("encrypted_key"), key.modulusBytes(), path + "/encrypted_key");
        } catch (Rejected r) {
          errors.addAll(r.errors());
          continue;
        }
        if (!seen.add(n + "\u0000" + f + "\u0000" + key.nId())) {
          errors.add(new FieldError(path, "the same field is already shared under this key"));
          continue;
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("n_id", n);
        entry.put("field_name", f);
        entry.put("public_key", key.nId());
        entry.put("encrypted_key", m.get("encrypted_key"));
        entries.add(entry);
      }
      if (!errors.isEmpty()) {
        throw Rejected.invalid("the instance keys are not valid", errors);
      }
      return List.copyOf(entries);
    });
  }

  private Mono<Void> requireAdmin(String uId, String aId) {
    return apps.isAdmin(aId, uId)
        .flatMap(admin ->
            admin ? Mono.<Void>empty() : Mono.error(Rejected.notFound("no such application")));
  }
}
