package org.kith.core.oidc;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What an authorization code stands for: the person's allowed request, the consent instance it created or extended,
 * and how the person authenticated. Stored under the code's keyed hash, used once.
 */
public record CodeGrant(
    String aId,
    String clientId,
    String redirectUri,
    String codeChallenge,
    @Nullable String nonce,
    @Nullable String dpopThumbprint,
    Set<String> scopes,
    String uId,
    String iId,
    Instant authTime,
    List<String> amr,
    Instant expiresAt) {
  public CodeGrant {
    scopes = Set.copyOf(scopes);
    amr = List.copyOf(amr);
  }
}
