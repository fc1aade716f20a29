package org.kith.core.profile;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.kith.core.audit.AuditEvent;
import org.kith.core.authz.Permission;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Port: profile objects and their relationships. Writes record their audit events in the same transaction. */
public interface ProfileObjectStore {
  /** Creates all objects, each owned (IS_OWNER) by {@code ownerUId}, in one transaction. */
  Mono<Void> create(String ownerUId, List<ProfileObject> objects, List<AuditEvent> audit);

  Mono<ProfileObject> find(String nId);

  /** The object with the caller's access to it, in one read; empty if it does not exist. */
  Mono<VisibleObject> findWithAccess(@Nullable String uId, String nId);

  /** The objects among {@code nIds} that exist, in no particular order. */
  Flux<ProfileObject> findAll(Collection<String> nIds);

  /**
   * What consent instance {@code iId} of {@code sharerUId} exposes to its recipient, read in the same transaction
   * that checks the instance is still active at {@code now} (not withdrawn, end date not passed): of the objects it
   * shares, those on which the sharer holds ADMINS or IS_OWNER now. Nothing once consent has ended; nothing of an
   * object once the sharer has lost the right to administer it.
   */
  Flux<ProfileObject> sharedBy(String iId, String sharerUId, Instant now);

  /**
   * Replaces labels and properties; empty if the object vanished meanwhile. The applications of live instances that
   * share it get an {@code instance.data_changed} event in the same transaction, as with {@link #updateAll}.
   */
  Mono<ProfileObject> update(
      String nId,
      List<String> labels,
      Map<String, Object> properties,
      Instant now,
      List<AuditEvent> audit);

  /**
   * Replaces the labels and properties of every object in {@code changes} (labels given, never null) in one
   * transaction with {@code audit}; empty, with nothing changed, if any of the objects vanished meanwhile.
   */
  Mono<List<ProfileObject>> updateAll(
      List<ProfileChange> changes, Instant now, List<AuditEvent> audit);

  /**
   * Deletes the object with its grants and relationships; returns its document, if it had one. Like the updates, it
   * tells the applications of live instances that share the object ({@code instance.data_changed}).
   */
  Mono<Optional<DocumentRef>> delete(String nId, Instant now, List<AuditEvent> audit);

  /** How many objects reference the document (content addressing shares blobs). */
  Mono<Long> documentReferences(String sha256);

  /** A page of the objects {@code uId} may see, ordered by {@code n_id}, after {@code cursor}. */
  Flux<VisibleObject> visible(@Nullable String uId, VisibleQuery query);

  /** The relationships whose both ends are among {@code nIds}. */
  Flux<Relationship> relationshipsAmong(Collection<String> nIds);

  /** The object's relationships to other profile objects, either direction, at most {@code limit}. */
  Flux<Relationship> relationshipsOf(String nId, int limit);

  Mono<Relationship> relate(Relationship relationship, List<AuditEvent> audit);

  Mono<Relationship> findRelationship(String pId);

  Mono<Void> unrelate(String pId, List<AuditEvent> audit);

  /** An object with the strongest permission the caller holds on it (empty: none, so not visible). */
  record VisibleObject(ProfileObject object, java.util.Optional<Permission> held) {
    public VisibleObject(ProfileObject object, Permission permission) {
      this(object, java.util.Optional.of(permission));
    }

    /** The strongest permission; only for objects known to be visible. */
    public Permission permission() {
      return held.orElseThrow();
    }
  }

  /**
   * A page request for "what can I see".
   *
   * @param nIds restrict to these ids (empty: any)
   * @param labels restrict to objects carrying one of these labels (empty: any)
   * @param permissions keep objects whose strongest permission is one of these (empty: any)
   */
  record VisibleQuery(
      List<String> nIds,
      List<String> labels,
      List<Permission> permissions,
      @Nullable String cursor,
      int limit) {}
}
