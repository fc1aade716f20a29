package org.kith.api.profile;

import io.swagger.v3.oas.annotations.Operation;
import org.kith.api.profile.ProfileResponses.ProfileObjectView;
import org.kith.api.web.ClientRateLimiter;
import org.kith.api.web.PublicCaching;
import org.kith.core.profile.ProfileService;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code /v1/public/profile-objects}: objects the built-in PUBLIC group may view, without a token. Anything else
 * answers the same 404 as an object that does not exist. Limited per client address like the other
 * unauthenticated routes; answers carry an ETag and must be revalidated before each reuse, so an object made
 * private again is not served from a cache ({@link PublicCaching#REVALIDATE}).
 */
@RestController
final class PublicProfileController {
  private final ProfileService profiles;
  private final ClientRateLimiter limiter;
  private final PublicCaching caching;

  PublicProfileController(
      ProfileService profiles, ClientRateLimiter limiter, PublicCaching caching) {
    this.profiles = profiles;
    this.limiter = limiter;
    this.caching = caching;
  }

  @GetMapping(path = "/v1/public/profile-objects/{nId}", produces = "application/json")
  @Operation(
      operationId = "profileObjectPublicGet",
      summary = "An object the PUBLIC group may view; no authentication")
  Mono<ResponseEntity<ProfileObjectView>> publicGet(
      ServerWebExchange exchange, @PathVariable String nId) {
    return limiter
        .acquire(exchange, 1)
        .then(Mono.defer(() -> profiles
            .get(null, nId)
            .map(o -> caching.ok(ProfileObjectView.of(o), PublicCaching.REVALIDATE))));
  }

  @GetMapping(path = "/v1/public/profile-objects/{nId}/content", produces = "application/json")
  @Operation(
      operationId = "profileObjectPublicContent",
      summary = "The document of an object the PUBLIC group may view, base64; no authentication")
  Mono<ResponseEntity<ProfileResponses.Content>> publicContent(
      ServerWebExchange exchange, @PathVariable String nId) {
    return limiter
        .acquire(exchange, 1)
        .then(Mono.defer(() -> profiles
            .content(null, nId)
            .map(c -> caching.ok(new ProfileResponses.Content(nId, c), PublicCaching.REVALIDATE))));
  }
}
