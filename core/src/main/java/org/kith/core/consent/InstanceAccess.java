package org.kith.core.consent;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.kith.core.FieldError;
import org.kith.core.Ids;
import org.kith.core.Rejected;
import org.kith.core.account.Principal;
import org.kith.core.authz.Permission;
import org.kith.core.profile.PermissionGraph;
import org.kith.core.profile.ProfileObjectStore;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Who may do what with an instance, for {@link ConsentService}: the caller's relation to an instance (404 for
 * anyone who has none), whether objects may be shared by the caller, and the outbox events of a transition.
 */
final class InstanceAccess {
  private final ApplicationStore apps;
  private final PermissionGraph graph;
  private final ProfileObjectStore objects;
  private final InstanceStore instances;
  private final Clock clock;

  InstanceAccess(
      ApplicationStore apps,
      PermissionGraph graph,
      ProfileObjectStore objects,
      InstanceStore instances,
      Clock clock) {
    this.apps = apps;
    this.graph = graph;
    this.objects = objects;
    this.instances = instances;
    this.clock = clock;
  }

  /**
   * The caller's relation to an instance: its sharer ({@code owner}), its recipient, or an administrator of an
   * object it shares ({@code objectAdmin}).
   */
  record Viewer(Instance instance, boolean owner, boolean recipient, boolean objectAdmin) {
    /** Sharer or object administrator: someone who controls shared data, not someone who receives it. */
    boolean holder() {
      return owner || objectAdmin;
    }
  }

  /** The instance and the caller's relation to it; 404 for anyone who has none. */
  Mono<Viewer> viewer(String uId, String iId) {
    return instances
        .find(iId)
        .flatMap(i -> isRecipient(i.aId(), uId).flatMap(recipient -> {
          boolean owner = i.ownerUId().equals(uId);
          return (owner ? Mono.just(false) : administersAny(uId, i.profileObjects()))
              .map(objectAdmin -> new Viewer(i, owner, recipient, objectAdmin));
        }))
        .filter(v -> v.owner() || v.recipient() || v.objectAdmin())
        .switchIfEmpty(Mono.error(() -> Rejected.notFound("no such instance")));
  }

  /** Whether the user holds ADMINS or IS_OWNER on at least one of the objects now. */
  private Mono<Boolean> administersAny(String uId, List<String> nIds) {
    if (uId.startsWith(Principal.APPLICATION_PREFIX) || nIds.isEmpty()) {
      return Mono.just(false);
    }
    return objects
        .visible(
            uId,
            new ProfileObjectStore.VisibleQuery(
                nIds, List.of(), List.of(Permission.ADMINS, Permission.IS_OWNER), null, 1))
        .hasElements();
  }

  /** The application itself (client credentials) or one of its administrators. */
  Mono<Boolean> isRecipient(String aId, String uId) {
    return uId.startsWith(Principal.APPLICATION_PREFIX)
        ? Mono.just(uId.equals(Principal.APPLICATION_PREFIX + aId))
        : apps.isAdmin(aId, uId);
  }

  /** Each object must be owned or administered by the sharer; all problems at once, unknown ones as 404. */
  Mono<Void> requireSharable(String uId, List<String> ids) {
    return Flux.fromIterable(ids)
        .concatMap(nId -> graph
            .access(uId, nId)
            .map(a -> a.visible() ? (a.allows(Permission.ADMINS) ? "" : nId) : "?" + nId))
        .collectList()
        .flatMap(results -> {
          List<FieldError> errors = new ArrayList<>();
          for (int i = 0; i < results.size(); i++) {
            String r = results.get(i);
            if (r.startsWith("?")) {
              return Mono.error(Rejected.notFound("no such profile object: " + r.substring(1)));
            }
            if (!r.isEmpty()) {
              errors.add(new FieldError(
                  "profile_objects/" + i, "you need IS_OWNER or ADMINS on " + r + " to share it"));
            }
          }
          return errors.isEmpty()
              ? Mono.empty()
              : Mono.error(Rejected.of(
                  org.kith.core.ProblemKind.FORBIDDEN,
                  "you may share only objects you own or administer"));
        });
  }

  /**
   * An application that names the data it asks for ({@link RequestedData}) receives only objects of those schemas:
   * one naming no data is not restricted. Run after {@link #requireSharable}, so every id is the caller's to share.
   */
  Mono<Void> requireRequested(String uId, AccessApplication app, List<String> ids) {
    java.util.Set<String> wanted = RequestedData.schemasFor(app.scopes());
    if (wanted.isEmpty() || ids.isEmpty()) {
      return Mono.empty();
    }
    return objects
        .visible(
            uId, new ProfileObjectStore.VisibleQuery(ids, List.of(), List.of(), null, ids.size()))
        .filter(v -> !wanted.contains(v.object().schema()))
        .map(v -> v.object().nId())
        .collectList()
        .flatMap(outside -> outside.isEmpty()
            ? Mono.empty()
            : Mono.error(Rejected.invalid(
                "profile_objects",
                app.name() + " asks only for " + String.join(", ", wanted) + "; it may not receive "
                    + String.join(", ", outside))));
  }

  /** The caller's objects of these schemas (any offerable schema when none is named) that the caller may share. */
  Flux<org.kith.core.profile.ProfileObject> offer(
      String uId, java.util.Set<String> schemas, int limit) {
    return objects
        .visible(
            uId,
            new ProfileObjectStore.VisibleQuery(
                List.of(),
                List.copyOf(schemas),
                List.of(Permission.IS_OWNER, Permission.ADMINS),
                null,
                limit))
        .map(ProfileObjectStore.VisibleObject::object)
        .filter(o ->
            schemas.isEmpty() ? RequestedData.offerable(o.schema()) : schemas.contains(o.schema()));
  }

  /**
   * One outbox event per action of the move, carrying what templates and receivers may use, and the application's
   * {@code instance.moved} event ({@link ApplicationEvents}).
   */
  List<OutboxEvent> outbox(Instance i, Transitions.Move move, Map<String, Object> custom) {
    Instant now = clock.instant();
    List<OutboxEvent> events = new ArrayList<>();
    for (Map<String, Object> action : move.actions()) {
      String eventId = Ids.uuid();
      Map<String, Object> payload = new java.util.LinkedHashMap<>();
      payload.put("event_id", eventId);
      payload.put("type", "instance.transition");
      payload.put("i_id", i.iId());
      payload.put("a_id", i.aId());
      payload.put("from", i.state());
      payload.put("_state", move.to());
      payload.put("reference", i.reference() == null ? "" : i.reference());
      payload.put("custom", custom);
      payload.put("occurred_at", now.toString());
      events.add(new OutboxEvent(
          eventId, i.iId(), i.aId(), action, payload, 0, now, OutboxEvent.PENDING, null, now));
    }
    events.add(ApplicationEvents.moved(i, move.to(), now));
    return events;
  }
}
