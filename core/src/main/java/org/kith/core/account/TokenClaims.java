package org.kith.core.account;

import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The verified claims of an identity or access token. */
public record TokenClaims(
    String uId,
    String username,
    Set<String> roles,
    @Nullable String sessionId,
    Instant issuedAt,
    Instant expiresAt) {
  public TokenClaims {
    roles = Set.copyOf(roles);
  }
}
