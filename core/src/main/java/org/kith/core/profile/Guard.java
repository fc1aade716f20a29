package org.kith.core.profile;

import org.jspecify.annotations.Nullable;
import org.kith.core.authz.Access;
import org.kith.core.authz.Permission;
import org.kith.core.authz.Revision;
import reactor.core.publisher.Mono;

/**
 * The profile services' view of the {@link org.kith.core.authz.Authorization} port: an object the caller holds
 * nothing on does not exist for them (404); one they can see but not change in the asked way is a 403.
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

  /** The caller's access if it holds {@code needed}; otherwise the port's one not-found or forbidden problem. */
  Mono<Access> require(@Nullable String uId, String nId, Permission needed) {
    return graph.require(uId, needed, nId, Revision.ANY);
  }
}
