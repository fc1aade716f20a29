package org.kith.core.profile;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.kith.core.FieldError;
import org.kith.core.Ids;
import org.kith.core.Rejected;
import org.kith.core.audit.AuditEvent;
import org.kith.core.audit.AuditTrail;
import org.kith.core.audit.ProfileEvent;
import org.kith.core.authz.Access;
import org.kith.core.authz.AuthorizationModel;
import org.kith.core.authz.Permission;
import org.kith.core.schema.SchemaName;
import org.kith.core.schema.SchemaService;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Profile-object use cases. Every method checks permission first, then works, and records its audit event
 * with the change (Keycloak's order). Thread-safe.
 */
public final class ProfileService {
  /** Largest array one create call accepts. */
  public static final int MAX_BATCH = 1000;

  /** Largest array one bulk update accepts. */
  public static final int MAX_BULK_UPDATE = ProfileUpdates.MAX_BULK;

  private final ProfileObjectStore store;
  private final Guard guard;
  private final ProfileUpdates updates;
  private final SchemaService schemas;
  private final BlobStore blobs;
  private final AuditTrail audit;
  private final long maxDocumentBytes;
  private final Clock clock;

  public ProfileService(
      ProfileObjectStore store,
      PermissionGraph graph,
      SchemaService schemas,
      BlobStore blobs,
      AuditTrail audit,
      long maxDocumentBytes,
      Clock clock) {
    this.store = store;
    this.guard = new Guard(graph);
    this.updates = new ProfileUpdates(store, guard, schemas, clock);
    this.schemas = schemas;
    this.blobs = blobs;
    this.audit = audit;
    this.maxDocumentBytes = maxDocumentBytes;
    this.clock = clock;
  }

  /** Creates all objects or none; every validation error of every object is reported at once. */
  public Mono<List<ProfileObject>> create(String uId, List<NewProfileObject> requests) {
    if (requests.isEmpty() || requests.size() > MAX_BATCH) {
      return Mono.error(Rejected.invalid("", "send 1 to " + MAX_BATCH + " profile objects"));
    }
    Instant now = clock.instant();
    boolean many = requests.size() > 1;
    // each distinct schema is looked up once per call, however many objects use it
    return Flux.fromIterable(requests)
        .map(NewProfileObject::schema)
        .distinct()
        .concatMap(name -> SchemaName.parse(name)
            .map(n -> schemas
                .validatorFor(n)
                .map(v -> Map.entry(name, v))
                .onErrorResume(Rejected.class, e -> Mono.empty()))
            .orElse(Mono.empty()))
        .collectMap(Map.Entry::getKey, Map.Entry::getValue)
        .flatMap(validators -> {
          List<Prepared> prepared = new ArrayList<>();
          for (int i = 0; i < requests.size(); i++) {
            prepared.add(prepare(requests.get(i), many ? "/" + i : "", now, validators));
          }
          List<FieldError> errors = new ArrayList<>();
          prepared.forEach(p -> errors.addAll(p.errors()));
          if (!errors.isEmpty()) {
            return Mono.error(Rejected.invalid(
                errors.size() + " validation error(s): " + errors.get(0).path() + " "
                    + errors.get(0).message(),
                errors));
          }
          return Flux.fromIterable(prepared)
              .concatMap(p -> storeDocument(p.request(), p.object()))
              .collectList()
              .flatMap(objects -> store
                  .create(
                      uId,
                      objects,
                      objects.stream()
                          .map(o -> AuditEvent.of(
                              o.nId(), uId, now, new ProfileEvent.Created(o.schema(), o.labels())))
                          .toList())
                  .thenReturn(objects));
        });
  }

  private record Prepared(
      NewProfileObject request, ProfileObject object, List<FieldError> errors) {}

  private Prepared prepare(
      NewProfileObject request,
      String path,
      Instant now,
      Map<String, Function<Object, SchemaService.Validation>> validators) {
    Optional<SchemaName> name = SchemaName.parse(request.schema());
    if (name.isEmpty()) {
      throw Rejected.invalid(path + "/schema", "schema must be a full name like ss_NZ_Person");
    }
    List<String> labels = Labels.of(name.get().full(), request.labels(), path + "/labels");
    if (request.document() != null && request.document().content().length > maxDocumentBytes) {
      throw Rejected.of(
          org.kith.core.ProblemKind.PAYLOAD_TOO_LARGE,
          "documents may have at most " + maxDocumentBytes + " bytes");
    }
    Function<Object, SchemaService.Validation> validator = validators.get(request.schema());
    if (validator == null) {
      throw Rejected.invalid(path + "/schema", "unknown schema " + request.schema());
    }
    ProfileObject object = new ProfileObject(
        Ids.uuid(), labels, name.get().full(), request.properties(), null, now, now);
    return new Prepared(
        request,
        object,
        validator.apply(request.properties()).errors().stream()
            .map(e -> new FieldError(path + "/properties" + e.path(), e.message()))
            .toList());
  }

  private Mono<ProfileObject> storeDocument(NewProfileObject request, ProfileObject object) {
    NewProfileObject.Document doc = request.document();
    if (doc == null) {
      return Mono.just(object);
    }
    return blobs
        .put(doc.content())
        .map(sha -> new ProfileObject(
            object.nId(),
            object.labels(),
            object.schema(),
            object.properties(),
            new DocumentRef(sha, doc.contentType(), doc.content().length),
            object.createdAt(),
            object.updatedAt()));
  }

  /** One object the caller may see; reading someone else's object is audited. */
  public Mono<ProfileObject> get(@Nullable String uId, String nId) {
    // permission and object in one read: the hot path of every client
    return store
        .findWithAccess(uId, nId)
        .filter(v -> v.held().isPresent())
        .switchIfEmpty(Mono.error(() -> Rejected.notFound("no such profile object")))
        .flatMap(v -> auditRead(uId, new Access(true, v.held()), nId, ProfileEvent.Read::new)
            .thenReturn(v.object()));
  }

  /** An object with the objects it is related to that the caller may also see, and those relationships. */
  public record Expanded(
      ProfileObject object, List<ProfileObject> related, List<Relationship> relationships) {}

  /** Bound of related objects {@link #getExpanded} returns. */
  public static final int MAX_EXPANDED = 1_000;

  /**
   * {@link #get} plus one hop: the relationships to and from other profile objects whose other end the caller
   * may see too — an invisible neighbour, and the relationship to it, are left out as if they did not exist.
   */
  public Mono<Expanded> getExpanded(@Nullable String uId, String nId) {
    return get(uId, nId)
        .flatMap(object -> store
            .relationshipsOf(nId, MAX_EXPANDED)
            .collectList()
            .flatMap(rels -> {
              List<String> others = rels.stream()
                  .map(r -> r.start().equals(nId) ? r.end() : r.start())
                  .distinct()
                  .toList();
              if (others.isEmpty()) {
                return Mono.just(new Expanded(object, List.of(), List.of()));
              }
              return store
                  .visible(
                      uId,
                      new ProfileObjectStore.VisibleQuery(
                          others, List.of(), List.of(), null, MAX_EXPANDED))
                  .map(ProfileObjectStore.VisibleObject::object)
                  .collectList()
                  .map(visible -> {
                    java.util.Set<String> seen = new java.util.HashSet<>();
                    visible.forEach(o -> seen.add(o.nId()));
                    seen.add(nId);
                    return new Expanded(
                        object,
                        visible,
                        rels.stream()
                            .filter(r -> seen.contains(r.start()) && seen.contains(r.end()))
                            .toList());
                  });
            }));
  }

  /** The object's document, base64-encoded. */
  public Mono<String> content(@Nullable String uId, String nId) {
    return guard
        .require(uId, nId, Permission.VIEWS)
        .flatMap(access -> store
            .find(nId)
            .filter(o -> o.document() != null)
            .switchIfEmpty(
                Mono.error(() -> Rejected.notFound("the profile object has no document")))
            .flatMap(o -> blobs
                .get(o.document().sha256())
                .switchIfEmpty(
                    Mono.error(() -> Rejected.notFound("the document is no longer stored"))))
            .flatMap(bytes -> auditRead(uId, access, nId, ProfileEvent.ContentRead::new)
                .thenReturn(Base64.getEncoder().encodeToString(bytes))));
  }

  /** Replaces labels (if given) and properties, re-validated against the object's schema. */
  public Mono<ProfileObject> update(
      String uId, String nId, @Nullable List<String> labels, Map<String, Object> properties) {
    return updates.update(uId, nId, labels, properties);
  }

  /**
   * Replaces the labels and properties of up to {@value ProfileUpdates#MAX_BULK} objects, all or none: each needs
   * EDITS and is re-validated; every validation error of every object is reported at once.
   */
  public Mono<List<ProfileObject>> updateAll(String uId, List<ProfileChange> changes) {
    return updates.updateAll(uId, changes);
  }

  /** Deletes the object, its grants and relationships, and reclaims its document if no one else shares it. */
  public Mono<Void> delete(String uId, String nId) {
    return guard
        .require(uId, nId, Permission.ADMINS)
        .then(Mono.defer(() -> {
          java.time.Instant now = clock.instant();
          return store.delete(
              nId, now, List.of(AuditEvent.of(nId, uId, now, new ProfileEvent.Deleted())));
        }))
        .flatMap(doc -> doc.map(d -> store
                .documentReferences(d.sha256())
                .flatMap(n -> n == 0 ? blobs.reclaim(d.sha256()) : Mono.empty()))
            .orElse(Mono.empty()));
  }

  /**
   * Reclaims stored documents that no object references any more and that are older than the blob
   * store's grace period (deletions skip blobs written moments before, so a concurrent upload of the
   * same content is never lost). Completes with the number of blobs checked.
   */
  public Mono<Long> sweepDocuments() {
    return blobs
        .stored()
        .concatMap(sha -> store
            .documentReferences(sha)
            .flatMap(n -> n == 0 ? blobs.reclaim(sha) : Mono.<Void>empty())
            .thenReturn(sha))
        .count();
  }

  /** A page of what the caller may see, with the relationships among the page's objects. */
  public Mono<Page> read(@Nullable String uId, ProfileObjectStore.VisibleQuery query) {
    return store.visible(uId, query).collectList().flatMap(visible -> {
      List<String> ids = visible.stream().map(v -> v.object().nId()).toList();
      String next =
          visible.size() == query.limit() && !visible.isEmpty() ? ids.get(ids.size() - 1) : null;
      return store.relationshipsAmong(ids).collectList().map(rels -> new Page(visible, rels, next));
    });
  }

  /**
   * Links {@code from} → {@code to}. Needs ADMINS on both ends: a cascading grant on {@code from} reaches
   * {@code to}, so linking someone else's object under yours must not be possible.
   */
  public Mono<Relationship> relate(
      String uId, String from, String to, String type, Map<String, Object> properties) {
    if (!RELATIONSHIP_TYPE.matcher(type).matches() || RESERVED_TYPES.contains(type)) {
      return Mono.error(Rejected.invalid(
          "type",
          "relationship types are upper-case identifiers like LIVES_AT "
              + "and not one of Kith's own"));
    }
    if (from.equals(to)) {
      return Mono.error(Rejected.invalid("to", "an object cannot be related to itself"));
    }
    Instant now = clock.instant();
    Relationship r = new Relationship(Ids.childId(from), type, from, to, properties);
    ProfileEvent.RelationshipCreated detail =
        new ProfileEvent.RelationshipCreated(r.pId(), type, from, to);
    return guard
        .require(uId, from, Permission.ADMINS)
        .then(guard.require(uId, to, Permission.ADMINS))
        .then(store.relate(
            r,
            List.of(AuditEvent.of(from, uId, now, detail), AuditEvent.of(to, uId, now, detail))));
  }

  /**
   * Removes a relationship; needs ADMINS on either end. A relationship is known only to who sees both ends (as
   * every listing shows it): for anyone else it answers exactly as one that never existed.
   */
  public Mono<Void> unrelate(String uId, String pId) {
    return store
        .findRelationship(pId)
        .flatMap(r -> guard
            .access(uId, r.start())
            .zipWith(guard.access(uId, r.end()))
            .filter(ends -> ends.getT1().visible() && ends.getT2().visible())
            .flatMap(ends -> ends.getT1().allows(Permission.ADMINS)
                    || ends.getT2().allows(Permission.ADMINS)
                ? Mono.defer(() -> {
                      Instant now = clock.instant();
                      ProfileEvent.RelationshipDeleted detail =
                          new ProfileEvent.RelationshipDeleted(pId, r.type(), r.start(), r.end());
                      return store.unrelate(
                          pId,
                          List.of(
                              AuditEvent.of(r.start(), uId, now, detail),
                              AuditEvent.of(r.end(), uId, now, detail)));
                    })
                    .thenReturn(true)
                : Mono.error(
                    Rejected.forbidden("this needs ADMINS on either end of the relationship"))))
        .switchIfEmpty(Mono.error(() -> Rejected.notFound("no such relationship")))
        .then();
  }

  static final java.util.regex.Pattern RELATIONSHIP_TYPE =
      java.util.regex.Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
  /** The model's access relationships, and Kith's own bookkeeping relationships (keys, codes, sessions, tokens). */
  static final java.util.Set<String> RESERVED_TYPES = java.util.stream.Stream.concat(
          AuthorizationModel.KITH.accessRelationshipTypes().stream(),
          java.util.stream.Stream.of(
              "KEY_OF", "FOR", "CODE_FOR", "SESSION_OF", "IN_FAMILY", "PAT_OF", "OWNS"))
      .collect(java.util.stream.Collectors.toUnmodifiableSet());

  /** A page of visible objects. */
  public record Page(
      List<ProfileObjectStore.VisibleObject> objects,
      List<Relationship> relationships,
      @Nullable String nextCursor) {}

  private Mono<Void> auditRead(
      @Nullable String uId,
      Access access,
      String nId,
      java.util.function.Function<String, ProfileEvent> event) {
    if (access.permission().orElseThrow() == Permission.IS_OWNER) {
      return Mono.empty();
    }
    return audit.append(List.of(AuditEvent.of(
        nId, uId, clock.instant(), event.apply(access.permission().get().name()))));
  }
}
