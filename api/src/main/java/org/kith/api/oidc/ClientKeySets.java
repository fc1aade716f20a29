package org.kith.api.oidc;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.jwk.JWKSet;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.kith.core.consent.AccessApplication;
import org.kith.core.net.DocumentFetcher;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The public keys of a client: its inline {@code jwks}, or the set at its {@code jwks_uri}, fetched through
 * {@link DocumentFetcher} (webhooks' rule for where Kith connects, bounded size and time), kept for five minutes,
 * and fetched again on demand (an assertion with a {@code kid} the set does not have) at most once a second per
 * URL. A set that breaks {@link ClientKeyPolicy} or cannot be fetched authenticates nobody. Thread-safe.
 */
@Component
final class ClientKeySets {
  static final Duration TTL = Duration.ofMinutes(5);
  static final Duration REFETCH_PAUSE = Duration.ofSeconds(1);

  private record Fetched(JWKSet keys, Instant at) {}

  private final DocumentFetcher fetcher;
  private final Clock clock;
  private final Cache<String, Fetched> fetched =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(TTL).build();

  ClientKeySets(DocumentFetcher fetcher, Clock clock) {
    this.fetcher = fetcher;
    this.clock = clock;
  }

  /** The client's keys; {@code again} fetches a {@code jwks_uri} anew unless it was fetched a moment ago. */
  Mono<JWKSet> of(AccessApplication app, boolean again) {
    Map<String, Object> inline = app.clientAuth().jwks();
    if (inline != null) {
      return Mono.fromCallable(() -> JWKSet.parse(inline));
    }
    String uri = app.clientAuth().jwksUri();
    if (uri == null) {
      return Mono.error(ClientAuthenticator::refused);
    }
    Fetched known = fetched.getIfPresent(uri);
    Instant now = clock.instant();
    if (known != null && (!again || known.at().plus(REFETCH_PAUSE).isAfter(now))) {
      return Mono.just(known.keys());
    }
    return fetcher
        .get(uri, ClientKeyPolicy.MAX_BYTES)
        .map(body -> {
          try {
            return ClientKeyPolicy.fetched(body);
          } catch (ParseException | IllegalArgumentException e) {
            throw ClientAuthenticator.refused();
          }
        })
        .doOnNext(keys -> fetched.put(uri, new Fetched(keys, now)));
  }
}
