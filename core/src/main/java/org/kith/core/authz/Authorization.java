package org.kith.core.authz;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.kith.core.Rejected;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Port: who may do what, as {@link AuthorizationModel#KITH} declares it, in the shape of the SpiceDB/OpenFGA API.
 * A caller is a user id or null (anonymous: the public group only). Every answer reflects at least the given
 * {@link Revision}. Implementations are thread-safe.
 */
public interface Authorization {
  /** The detail of the one not-found problem: an object the caller may not see does not exist for it. */
  String NOT_FOUND = "no such profile object";

  /** What the caller holds on the object: whether it exists and the strongest right. */
  Mono<Access> access(@Nullable String uId, String nId, Revision at);

  /** Whether the caller holds {@code needed} on the object. */
  default Mono<Boolean> check(@Nullable String uId, Permission needed, String nId, Revision at) {
    return access(uId, nId, at).map(a -> a.allows(needed));
  }

  /**
   * The caller's access if it holds {@code needed}; otherwise the one problem Kith answers with: 404
   * {@value #NOT_FOUND} where the caller may not learn the object exists, 403 where it sees it but lacks the right.
   */
  default Mono<Access> require(@Nullable String uId, Permission needed, String nId, Revision at) {
    return access(uId, nId, at).flatMap(access -> {
      if (!access.visible()) {
        return Mono.error(Rejected.notFound(NOT_FOUND));
      }
      if (!access.allows(needed)) {
        return Mono.error(Rejected.forbidden("this needs " + needed + " on the profile object"));
      }
      return Mono.just(access);
    });
  }

  /**
   * A page of the objects of {@code type} on which the caller holds {@code needed}, in id order after
   * {@code cursor}; {@link Page#next()} continues it.
   */
  Mono<Page> lookupResources(
      @Nullable String uId,
      Permission needed,
      String type,
      @Nullable String cursor,
      int limit,
      Revision at);

  /**
   * Who holds {@code needed} on the object: the users that do (themselves or through groups) and, if everyone
   * does, the public group.
   */
  Flux<Subject> lookupSubjects(String nId, Permission needed, Revision at);

  /** A page of resource ids and the cursor of the next page (null after the last). */
  record Page(List<String> ids, @Nullable String next) {
    public Page {
      ids = List.copyOf(ids);
    }
  }
}
