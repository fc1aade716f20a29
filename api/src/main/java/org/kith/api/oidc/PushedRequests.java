package org.kith.api.oidc;

import java.time.Clock;
import java.time.Duration;
import org.kith.core.Ids;
import org.kith.core.oidc.AuthorizationAsk;
import org.kith.core.oidc.AuthorizationStore;
import org.kith.core.oidc.ConsentInteraction;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Pushed authorization requests (RFC 9126) between the push and their one use at the authorization endpoint, kept
 * as pending requests under an id of their own kind ({@link #PREFIX}) that the consent page routes refuse. A
 * {@code request_uri} is used once, by the client that pushed it, within {@link #LIFETIME}.
 */
@Component
final class PushedRequests {
  static final String URN = "urn:ietf:params:oauth:request_uri:";
  /**
   * Not a base64url character (as {@code _} was): an ordinary request's random id can never begin with it, where
   * one in 64^4 of them began with {@code par_} and was refused by the consent page as a pushed one.
   */
  static final String PREFIX = "par:";

  static final Duration LIFETIME = Duration.ofSeconds(60);
  private static final int MAX_URI = 200;
  private final AuthorizationStore store;
  private final ConsentInteraction provider;
  private final Clock clock;

  PushedRequests(AuthorizationStore store, ConsentInteraction provider, Clock clock) {
    this.store = store;
    this.provider = provider;
    this.clock = clock;
  }

  /** Keeps a checked request; its {@code request_uri}. */
  Mono<String> push(AuthorizationAsk ask) {
    String id = Ids.secret256();
    return store
        .savePending(PREFIX + id, renewed(ask, clock.instant().plus(LIFETIME)))
        .thenReturn(URN + id);
  }

  /**
   * The request behind {@code requestUri}, removed so it cannot be used again, if client {@code clientId} pushed it
   * and it has not expired; with the expiry of a request waiting for the person. Empty otherwise (another client's
   * request stays usable by its own client).
   */
  Mono<AuthorizationAsk> take(String clientId, String requestUri) {
    if (!requestUri.startsWith(URN) || requestUri.length() > MAX_URI) {
      return Mono.empty();
    }
    String id = PREFIX + requestUri.substring(URN.length());
    return store
        .pending(id, clock.instant())
        .filter(ask -> ask.clientId().equals(clientId))
        .flatMap(ask -> store.takePending(id, clock.instant()))
        .map(ask -> renewed(ask, provider.requestExpiry()));
  }

  /** Whether a pending request id is a pushed one (not for the consent page). */
  static boolean isPushed(String requestId) {
    return requestId.startsWith(PREFIX);
  }

  private static AuthorizationAsk renewed(AuthorizationAsk a, java.time.Instant expiresAt) {
    return new AuthorizationAsk(
        a.aId(),
        a.clientId(),
        a.redirectUri(),
        a.scopes(),
        a.state(),
        a.nonce(),
        a.codeChallenge(),
        a.prompt(),
        a.maxAgeSeconds(),
        a.loginHint(),
        a.dpopThumbprint(),
        expiresAt);
  }
}
