package org.kith.core.profile;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.kith.core.FieldError;
import org.kith.core.ProblemKind;
import org.kith.core.Rejected;
import org.kith.core.audit.AuditEvent;
import org.kith.core.audit.ProfileEvent;
import org.kith.core.authz.Permission;
import org.kith.core.schema.SchemaName;
import org.kith.core.schema.SchemaService;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Replacing objects' labels and properties, one or many at once. Each object needs EDITS and is re-validated
 * against its schema; a bulk update changes all its objects or none, in one transaction with one audit event per
 * object, and reports every validation error of every object at once.
 */
final class ProfileUpdates {
  /** Largest array one bulk update accepts. */
  static final int MAX_BULK = 100;

  private static final String NOT_FOUND = "no such profile object";

  private final ProfileObjectStore store;
  private final Guard guard;
  private final SchemaService schemas;
  private final Clock clock;

  ProfileUpdates(ProfileObjectStore store, Guard guard, SchemaService schemas, Clock clock) {
    this.store = store;
    this.guard = guard;
    this.schemas = schemas;
    this.clock = clock;
  }

  Mono<ProfileObject> update(
      String uId, String nId, @Nullable List<String> labels, Map<String, Object> properties) {
    return checked(uId, new ProfileChange(nId, labels, properties), "").flatMap(c -> {
      Instant now = clock.instant();
      return store
          .update(nId, c.labels(), c.properties(), now, List.of(event(uId, c, now)))
          .switchIfEmpty(Mono.error(() -> Rejected.notFound(NOT_FOUND)));
    });
  }

  /** All changes or none; the objects in the order given. */
  Mono<List<ProfileObject>> updateAll(String uId, List<ProfileChange> changes) {
    if (changes.isEmpty() || changes.size() > MAX_BULK) {
      return Mono.error(Rejected.invalid("", "send 1 to " + MAX_BULK + " objects to update"));
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < changes.size(); i++) {
      if (!seen.add(changes.get(i).nId())) {
        return Mono.error(
            Rejected.invalid("/" + i + "/n_id", "each object may appear once in an update"));
      }
    }
    List<FieldError> invalid = new ArrayList<>();
    return Flux.range(0, changes.size())
        .concatMap(i -> checked(uId, changes.get(i), "/" + i)
            .onErrorResume(
                e -> e instanceof Rejected r && r.kind() == ProblemKind.VALIDATION, e -> {
                  invalid.addAll(((Rejected) e).errors());
                  return Mono.empty();
                }))
        .collectList()
        .flatMap(ready -> {
          if (!invalid.isEmpty()) {
            return Mono.error(Rejected.invalid(
                "the update was refused: " + invalid.size() + " error(s); nothing changed",
                invalid));
          }
          // checked again just before the write, so a right revoked while the others were
          // validated is not used (the window is the single update's, not the whole batch's)
          Instant now = clock.instant();
          List<AuditEvent> audit = ready.stream().map(c -> event(uId, c, now)).toList();
          return Flux.fromIterable(ready)
              .concatMap(c -> guard.require(uId, c.nId(), Permission.EDITS))
              .then(Mono.defer(() -> store.updateAll(ready, now, audit)))
              .filter(updated -> updated.size() == ready.size())
              .switchIfEmpty(Mono.error(() -> Rejected.notFound(NOT_FOUND)));
        });
  }

  /**
   * The change with the labels it will have, once the caller's EDITS and the properties' validity are checked;
   * {@code at} prefixes the error paths (the element's index in a bulk update).
   */
  private Mono<ProfileChange> checked(String uId, ProfileChange change, String at) {
    return guard
        .require(uId, change.nId(), Permission.EDITS)
        .then(store.find(change.nId()))
        .switchIfEmpty(Mono.error(() -> Rejected.notFound(NOT_FOUND)))
        .flatMap(existing -> {
          SchemaName name = SchemaName.parse(existing.schema()).orElseThrow();
          List<String> labels = change.labels() == null
              ? existing.labels()
              : Labels.of(name.full(), change.labels(), at + "/labels");
          return schemas.validate(name, change.properties()).flatMap(v -> {
            if (!v.valid()) {
              return Mono.error(Rejected.invalid(
                  "the properties do not match " + name.full(),
                  v.errors().stream()
                      .map(e -> new FieldError(at + "/properties" + e.path(), e.message()))
                      .toList()));
            }
            return Mono.just(new ProfileChange(change.nId(), labels, change.properties()));
          });
        });
  }

  private static AuditEvent event(String uId, ProfileChange c, Instant now) {
    return AuditEvent.of(c.nId(), uId, now, new ProfileEvent.Updated(List.copyOf(c.labels())));
  }
}
