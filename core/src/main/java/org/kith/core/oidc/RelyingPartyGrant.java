package org.kith.core.oidc;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The tokens issued to one relying party from one authorization code: a refresh-token family that is rotated on
 * every use, ended by reuse of a spent refresh token or of the code, by revocation, and with its consent instance.
 * Every access token of the family names it ({@code grant_id}).
 */
public record RelyingPartyGrant(
    String grantId,
    String aId,
    String clientId,
    String uId,
    String iId,
    Set<String> scopes,
    @Nullable String dpopThumbprint,
    Instant authTime,
    Instant createdAt,
    List<String> amr) {
  public RelyingPartyGrant {
    scopes = Set.copyOf(scopes);
    amr = List.copyOf(amr);
  }
}
