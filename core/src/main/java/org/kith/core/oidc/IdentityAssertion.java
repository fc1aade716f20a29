package org.kith.core.oidc;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What an ID token tells a relying party about the authentication (OpenID Connect Core §2): the pairwise
 * {@code subject}, the client ({@code aud}), the request's {@code nonce}, when and how the person authenticated
 * ({@code auth_time}, {@code acr}, RFC 8176 {@code amr} values), and the Kith session it happened in ({@code sid},
 * OpenID Connect Back-Channel Logout 1.0 §2.1; an opaque id, never the session's own).
 */
public record IdentityAssertion(
    String subject,
    String clientId,
    @Nullable String nonce,
    Instant authTime,
    String acr,
    List<String> amr,
    Instant issuedAt,
    Instant expiresAt,
    @Nullable String sid) {
  public IdentityAssertion {
    amr = List.copyOf(amr);
  }
}
