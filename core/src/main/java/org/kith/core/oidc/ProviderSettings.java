package org.kith.core.oidc;

import java.time.Duration;

/**
 * Lifetimes of the OpenID Provider's artefacts.
 *
 * @param requestTtl how long a person has to answer an authorization request
 * @param codeTtl how long an authorization code may wait for its exchange
 * @param accessTtl access and ID token lifetime
 * @param refreshTtl refresh token lifetime (each rotation starts it again)
 */
public record ProviderSettings(
    Duration requestTtl, Duration codeTtl, Duration accessTtl, Duration refreshTtl) {
  public static final ProviderSettings DEFAULTS = new ProviderSettings(
      Duration.ofMinutes(10), Duration.ofSeconds(60), Duration.ofMinutes(5), Duration.ofDays(30));
}
