package org.kith.api.auth;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.kith.core.account.SessionManagementService;
import org.kith.core.oidc.LogoutService;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Back-channel logout (OpenID Connect Back-Channel Logout 1.0) for the routes that end several sessions at once:
 * the sessions live before the change, but {@code keep}, are ended by it, so the applications signed in through
 * each hear so once it has succeeded. A change that fails tells nobody.
 */
@Component
final class SessionEndNotices {
  private final SessionManagementService sessions;
  private final LogoutService logout;

  SessionEndNotices(SessionManagementService sessions, LogoutService logout) {
    this.sessions = sessions;
    this.logout = logout;
  }

  <T> Mono<T> around(String uId, @Nullable String keep, Mono<T> change) {
    return sessions
        .liveIds(uId)
        .filter(id -> !Objects.equals(id, keep))
        .collectList()
        .flatMap(ended -> change
            .map(Optional::of)
            .defaultIfEmpty(Optional.empty())
            .flatMap(result -> notify(uId, ended).then(Mono.justOrEmpty(result))));
  }

  private Mono<Void> notify(String uId, List<String> ended) {
    return Flux.fromIterable(ended)
        .concatMap(id -> logout.sessionEnded(uId, id))
        .then();
  }
}
