package org.kith.core.oidc;

import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A relying party's authorization request after the edge has checked it (known client, registered redirect URI,
 * {@code response_type=code}, PKCE S256, {@code openid} among the scopes): what the person is asked to allow, and
 * what the code must later be bound to. Kept until the person answers or it expires.
 *
 * @param codeChallenge the PKCE S256 challenge (RFC 7636)
 * @param maxAgeSeconds OpenID Connect {@code max_age}: the person must have authenticated this recently
 * @param dpopThumbprint the DPoP key the code is bound to ({@code dpop_jkt}, RFC 9449 §10), if any
 */
public record AuthorizationAsk(
    String aId,
    String clientId,
    String redirectUri,
    Set<String> scopes,
    @Nullable String state,
    @Nullable String nonce,
    String codeChallenge,
    Set<String> prompt,
    @Nullable Integer maxAgeSeconds,
    @Nullable String loginHint,
    @Nullable String dpopThumbprint,
    Instant expiresAt) {
  public AuthorizationAsk {
    scopes = Set.copyOf(scopes);
    prompt = Set.copyOf(prompt);
  }
}
