package org.kith.core.oidc;

/**
 * Port: signs the tokens Kith issues to relying parties and verifies the access tokens they present. These tokens
 * are never accepted by Kith's own API ({@link org.kith.core.account.TokenIssuer} refuses them), and Kith's own
 * tokens are never accepted here. Implementations throw {@link org.kith.core.Rejected} (401) for anything that is
 * not a valid, unexpired access token of this issuer.
 */
public interface RelyingPartyTokens {
  /** A signed RFC 9068 access token. */
  String accessToken(GrantedAccess access);

  /** A signed ID token; {@code accessToken} is the one issued beside it (its hash is the {@code at_hash}). */
  String idToken(IdentityAssertion assertion, String accessToken);

  /** The claims of a valid access token of this issuer, or a 401 rejection. */
  GrantedAccess verifyAccessToken(String compactJwt);
}
