package org.kith.core.consent;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.kith.core.Ids;
import org.kith.core.Rejected;
import org.kith.core.audit.AuditEvent;
import org.kith.core.audit.AuditTrail;
import org.kith.core.audit.ConsentEvent;
import org.kith.core.authz.Permission;
import org.kith.core.profile.BlobStore;
import org.kith.core.profile.PermissionGraph;
import org.kith.core.profile.ProfileObject;
import org.kith.core.profile.ProfileObjectStore;
import org.kith.core.profile.Relationship;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Instances: a person (the sharer) shares objects it owns or administers with an application; the application's
 * administrators read those objects while the instance is active, and move it along the application's
 * transitions. What an instance exposes is derived at every read, never copied: an object, only while the sharer
 * still holds ADMINS or IS_OWNER on it, and only while the instance is active (one read checks both), so a right
 * revoked, a group left or an ownership moved ends the exposure with its commit. The sharer, and anyone who
 * administers an object the instance shares, sees the instance (with the shared objects they may see themselves)
 * and may end it; the recipient's access ends with the acknowledged withdrawal. Whoever may not know an instance
 * exists gets 404. Every share, recipient read, transition and withdrawal is audited on the instance.
 * Thread-safe.
 */
public final class ConsentService {
  public static final int MAX_SHARED = 1_000;
  public static final int MAX_LISTED = 1_000;

  private final ApplicationStore apps;
  private final InstanceStore instances;
  private final PermissionGraph graph;
  private final ProfileObjectStore objects;
  private final BlobStore blobs;
  private final AuditTrail audit;
  private final AppKeyService keys;
  private final Clock clock;
  private final InstanceAccess access;

  public ConsentService(
      ApplicationStore apps,
      InstanceStore instances,
      PermissionGraph graph,
      ProfileObjectStore objects,
      BlobStore blobs,
      AuditTrail audit,
      AppKeyService keys,
      Clock clock) {
    this.keys = keys;
    this.apps = apps;
    this.instances = instances;
    this.graph = graph;
    this.objects = objects;
    this.blobs = blobs;
    this.audit = audit;
    this.clock = clock;
    this.access = new InstanceAccess(apps, graph, objects, instances, clock);
  }

  /** An instance with what its viewer may see of the shared objects. */
  public record View(
      Instance instance, List<ProfileObject> profileObjects, List<Relationship> relationships) {}

  public Mono<Instance> share(
      String uId,
      String aId,
      @Nullable List<String> nIds,
      @Nullable String reference,
      @Nullable Instant endDate,
      @Nullable Object sharedKeys) {
    return create(uId, aId, nIds, reference, endDate, sharedKeys, 1);
  }

  /**
   * Whether the person has shared with the application before (any instance of theirs with it, even withdrawn,
   * among their {@link #MAX_LISTED} newest): a first share is a step-up operation.
   */
  public Mono<Boolean> hasShared(String uId, String aId) {
    return instances
        .list(uId, null, new InstanceStore.Filter(null, null, null), MAX_LISTED)
        .any(i -> i.aId().equals(aId));
  }

  /** A consent given by signing in to the application (OpenID Connect): it may share no object at all. */
  public Mono<Instance> signIn(String uId, String aId, List<String> nIds, String reference) {
    Instant now = clock.instant();
    return instances
        .list(uId, null, new InstanceStore.Filter(null, null, null), MAX_LISTED)
        .filter(i -> i.aId().equals(aId)
            && reference.equals(i.reference())
            && i.activeAt(now)
            && !Transitions.WITHDRAWN.equals(i.state()))
        .next()
        .flatMap(live -> extend(uId, live, nIds, reference))
        .switchIfEmpty(Mono.defer(() -> create(uId, aId, nIds, reference, null, null, 0)));
  }

  /**
   * A person who signs in to an application again extends their live sign-in instance with it by the objects it
   * does not share yet (one instance per application, its tokens keep working, a withdrawal still ends everything
   * issued under it); if it was withdrawn meanwhile, a new one is made.
   */
  private Mono<Instance> extend(String uId, Instance live, List<String> nIds, String reference) {
    List<String> added = new ArrayList<>(new LinkedHashSet<>(nIds));
    added.removeAll(live.profileObjects());
    if (added.isEmpty()) {
      return Mono.just(live);
    }
    if (live.profileObjects().size() + added.size() > MAX_SHARED) {
      return Mono.error(
          Rejected.invalid("profile_objects", "share at most " + MAX_SHARED + " profile objects"));
    }
    return access
        .requireSharable(uId, added)
        .then(keys.checkInstanceKeys(live.aId(), added, null))
        .then(instances.addShares(
            live.iId(),
            added,
            List.of(ApplicationEvents.shared(live, added, clock.instant())),
            List.of(AuditEvent.of(
                live.iId(),
                uId,
                clock.instant(),
                new ConsentEvent.InstanceShared(live.aId(), added)))))
        .flatMap(done -> done
            ? instances.find(live.iId())
            : create(uId, live.aId(), nIds, reference, null, null, 0));
  }

  private Mono<Instance> create(
      String uId,
      String aId,
      @Nullable List<String> nIds,
      @Nullable String reference,
      @Nullable Instant endDate,
      @Nullable Object sharedKeys,
      int minShared) {
    return Mono.defer(() -> {
      List<String> ids = nIds == null ? List.of() : List.copyOf(new LinkedHashSet<>(nIds));
      if (ids.size() < minShared || ids.size() > MAX_SHARED) {
        return Mono.error(Rejected.invalid(
            "profile_objects", "share " + minShared + " to " + MAX_SHARED + " profile objects"));
      }
      if (reference != null && reference.length() > 500) {
        return Mono.error(Rejected.invalid("reference", "at most 500 characters"));
      }
      Instant now = clock.instant();
      if (endDate != null && !endDate.isAfter(now)) {
        return Mono.error(Rejected.invalid("end_date", "end_date must be in the future"));
      }
      return apps.find(aId)
          .switchIfEmpty(Mono.error(() -> Rejected.notFound("no such application")))
          .flatMap(app -> access
              .requireSharable(uId, ids)
              .then(minShared > 0 ? access.requireRequested(uId, app, ids) : Mono.empty()))
          .then(keys.checkInstanceKeys(aId, ids, sharedKeys))
          .flatMap(checkedKeys -> {
            Instance instance = new Instance(
                Ids.uuid(),
                aId,
                uId,
                Transitions.INITIAL,
                reference,
                Ids.digits(8),
                now,
                endDate,
                ids,
                checkedKeys,
                Map.of());
            return instances.create(
                instance,
                List.of(ApplicationEvents.shared(instance, ids, now)),
                List.of(AuditEvent.of(
                    instance.iId(), uId, now, new ConsentEvent.InstanceShared(aId, ids))));
          });
    });
  }

  /**
   * The sharer and the administrators of a shared object see the instance with the shared objects they may see
   * themselves now; the recipient sees what the instance exposes now (nothing once it has ended).
   */
  public Mono<View> get(String uId, String iId) {
    return access.viewer(uId, iId).flatMap(v -> {
      Instance i = v.instance();
      if (v.holder()) {
        return holderView(uId, i);
      }
      if (!i.activeAt(clock.instant())) {
        return Mono.just(new View(exposing(i, List.of()), List.of(), List.of()));
      }
      // the objects come from the transaction that re-checks the instance and the sharer's rights,
      // so a withdrawal
      // or a revocation acknowledged before this read started leaves nothing of it to read
      return objects
          .sharedBy(iId, i.ownerUId(), clock.instant())
          .collectList()
          .flatMap(shared -> objects
              .relationshipsAmong(shared.stream().map(ProfileObject::nId).toList())
              .collectList()
              .map(rels -> new View(exposing(i, shared), shared, rels)))
          .flatMap(
              view -> recipientRead(uId, i, new ConsentEvent.InstanceRead()).thenReturn(view));
    });
  }

  /** The shared objects this caller may see itself, as every other read decides it. */
  private Mono<View> holderView(String uId, Instance i) {
    return objects
        .visible(
            uId,
            new ProfileObjectStore.VisibleQuery(
                i.profileObjects(), List.of(), List.of(), null, MAX_SHARED))
        .map(ProfileObjectStore.VisibleObject::object)
        .collectList()
        .flatMap(seen -> objects
            .relationshipsAmong(seen.stream().map(ProfileObject::nId).toList())
            .collectList()
            .map(rels -> new View(i, seen, rels)));
  }

  /** The instance as its recipient may see it now: only the keys of the objects it still exposes. */
  private static Instance exposing(Instance i, List<ProfileObject> exposed) {
    java.util.Set<String> ids = new java.util.HashSet<>();
    exposed.forEach(o -> ids.add(o.nId()));
    List<Map<String, Object>> keys = i.keys().stream()
        .filter(k -> ids.contains(String.valueOf(k.get("n_id"))))
        .toList();
    return new Instance(
        i.iId(),
        i.aId(),
        i.ownerUId(),
        i.state(),
        i.reference(),
        i.confirmationCode(),
        i.startDate(),
        i.endDate(),
        i.profileObjects(),
        keys,
        i.custom());
  }

  /** A shared document, for the recipient while the instance is active. */
  public Mono<String> content(String uId, String iId, String nId) {
    return access.viewer(uId, iId).flatMap(v -> {
      Instance i = v.instance();
      if (!v.recipient() || !i.activeAt(clock.instant()) || !i.profileObjects().contains(nId)) {
        return Mono.<String>error(Rejected.notFound("no such shared document"));
      }
      return objects
          .sharedBy(iId, i.ownerUId(), clock.instant())
          .filter(o -> o.nId().equals(nId))
          .next()
          .switchIfEmpty(Mono.error(() -> Rejected.notFound("no such shared document")))
          .filter(o -> o.document() != null)
          .switchIfEmpty(Mono.error(() -> Rejected.notFound("the profile object has no document")))
          .flatMap(o -> blobs.get(o.document().sha256()))
          .switchIfEmpty(Mono.error(() -> Rejected.notFound("the document is no longer stored")))
          .flatMap(bytes -> recipientRead(uId, i, new ConsentEvent.InstanceContentRead(nId))
              .thenReturn(Base64.getEncoder().encodeToString(bytes)));
    });
  }

  /** The recipient moves the instance along the application's transitions. */
  public Mono<Instance> transition(
      String uId, String iId, @Nullable String to, @Nullable Map<String, Object> custom) {
    if (to == null || to.isBlank()) {
      return Mono.error(Rejected.invalid("_state", "send the state to move to"));
    }
    return access.viewer(uId, iId).flatMap(v -> {
      Instance i = v.instance();
      if (!v.recipient()) {
        return Mono.<Instance>error(
            Rejected.forbidden("only the application's administrators move an instance"));
      }
      if (!i.activeAt(clock.instant())) {
        return Mono.<Instance>error(
            Rejected.conflict("the instance is no longer active (" + i.state() + ")"));
      }
      return apps.find(i.aId()).flatMap(app -> {
        Transitions.Move move = Transitions.stored(app.transitions()).require(i.state(), to);
        Map<String, Object> data = custom == null ? Map.of() : custom;
        return instances
            .move(
                iId,
                i.state(),
                move.to(),
                data,
                access.outbox(i, move, data),
                List.of(AuditEvent.of(
                    iId,
                    uId,
                    clock.instant(),
                    new ConsentEvent.InstanceMoved(i.state(), move.to()))))
            .flatMap(moved -> moved
                ? instances.find(iId)
                : Mono.error(
                    Rejected.conflict("the instance changed meanwhile; read it and try again")));
      });
    });
  }

  /**
   * Ends consent: state Withdrawn; recipient access ends once this returns. The sharer may, and so may anyone who
   * administers an object the instance shares (a share must never outlive the will of those who control the data);
   * the audit event says which.
   */
  public Mono<Instance> withdraw(String uId, String iId) {
    return access.viewer(uId, iId).flatMap(v -> {
      Instance i = v.instance();
      if (!v.holder()) {
        return Mono.<Instance>error(Rejected.forbidden(
            "only the sharer or an administrator of a shared object " + "withdraws consent"));
      }
      if (Transitions.WITHDRAWN.equals(i.state())) {
        return Mono.just(i);
      }
      ConsentEvent detail = new ConsentEvent.InstanceWithdrawn(
          i.state(), v.owner() ? "sharer" : "object_administrator");
      return instances
          .move(
              iId,
              i.state(),
              Transitions.WITHDRAWN,
              i.custom(),
              List.of(ApplicationEvents.withdrawn(i, clock.instant())),
              List.of(AuditEvent.of(iId, uId, clock.instant(), detail)))
          .flatMap(moved -> moved ? instances.find(iId) : withdraw(uId, iId));
    });
  }

  /** What a consent page offers: the caller's shareable objects of these schemas (of any, if none is named). */
  public Flux<ProfileObject> offer(String uId, java.util.Set<String> schemas, int limit) {
    return access.offer(uId, schemas, Math.min(Math.max(limit, 1), MAX_SHARED));
  }

  /** What I have shared: a page of at most {@link #MAX_LISTED} + 1 (one more tells there is a next page). */
  public Flux<Instance> shared(String uId, InstanceStore.Filter filter, int limit) {
    return instances.list(uId, null, filter, Math.min(Math.max(limit, 1), MAX_LISTED + 1));
  }

  /** An application's inbox, for its administrators. */
  public Flux<Instance> inbox(String uId, String aId, InstanceStore.Filter filter, int limit) {
    return access
        .isRecipient(aId, uId)
        .flatMapMany(admin -> admin
            ? instances.list(null, aId, filter, Math.min(Math.max(limit, 1), MAX_LISTED + 1))
            : Flux.error(Rejected.notFound("no such application")));
  }

  /** Which instances share an object: for those who administer the object. */
  public Flux<Map<String, Object>> shares(String uId, String nId) {
    return graph
        .access(uId, nId)
        .flatMapMany(a -> !a.visible()
            ? Flux.error(Rejected.notFound("no such profile object"))
            : a.allows(Permission.ADMINS)
                ? instances.sharesOf(nId).map(share -> onlyKeysOf(nId, share))
                : Flux.error(Rejected.forbidden("you need IS_OWNER or ADMINS on the object")));
  }

  /** A share with only the instance keys that concern this object: which fields went under which app keys. */
  private static Map<String, Object> onlyKeysOf(String nId, Map<String, Object> share) {
    Map<String, Object> m = new java.util.LinkedHashMap<>(share);
    if (share.get("keys") instanceof List<?> list) {
      m.put(
          "keys",
          list.stream()
              .filter(k -> k instanceof Map<?, ?> e && nId.equals(e.get("n_id")))
              .toList());
    }
    return m;
  }

  /** Whether the caller may read an instance's audit trail: its sharer, its recipient or a shared object's admin. */
  public Mono<Boolean> mayReadTrail(String uId, String iId) {
    return access
        .viewer(uId, iId)
        .map(v -> true)
        .onErrorResume(Rejected.class, e -> Mono.just(false));
  }

  private Mono<Void> recipientRead(String uId, Instance i, ConsentEvent detail) {
    return audit.append(List.of(AuditEvent.of(i.iId(), uId, clock.instant(), detail)));
  }
}
