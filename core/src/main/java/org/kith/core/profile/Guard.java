package org.kith.core.profile;

import org.jspecify.annotations.Nullable;
import org.kith.core.Rejected;
import reactor.core.publisher.Mono;

/**
 * Permission checks in one place: an object the caller holds nothing on does not exist for them (404);
 * one they can see but not change in the asked way is a 403.
 */
final class Guard {
  private final PermissionGraph graph;

  Guard(PermissionGraph graph) {
    this.graph = graph;
  }

  /** What the caller holds on the object, for a decision that needs more than one object or no problem. */
  Mono<Access> access(@Nullable String uId, String nId) {
    return graph.access(uId, nId);
  }

  Mono<Access> require(@Nullable String uId, String nId, Permission needed) {
    return graph.access(uId, nId).flatMap(access -> {
      if (!access.visible()) {
        return Mono.error(Rejected.notFound("no such profile object"));
      }
      if (!access.allows(needed)) {
        return Mono.error(Rejected.forbidden("this needs " + needed + " on the profile object"));
      }
      return Mono.just(access);
    });
  }
}
