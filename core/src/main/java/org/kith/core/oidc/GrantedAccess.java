package org.kith.core.oidc;

import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What an access token issued to a relying party says (RFC 9068): the pairwise {@code subject}, the client it was
 * issued to, the consent grant it was issued under (revoked with it), the scopes, and the DPoP key thumbprint it is
 * bound to when the client proved one (RFC 9449 {@code cnf.jkt}).
 *
 * @param tokenId the token's {@code jti}
 */
public record GrantedAccess(
    String subject,
    String clientId,
    String grantId,
    Set<String> scopes,
    @Nullable String dpopThumbprint,
    String tokenId,
    Instant issuedAt,
    Instant expiresAt) {
  public GrantedAccess {
    scopes = Set.copyOf(scopes);
  }
}
