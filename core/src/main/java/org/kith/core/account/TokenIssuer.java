package org.kith.core.account;

import java.time.Duration;

/**
 * Port: signs and verifies Kith's JWTs. Implementations must reject unsigned tokens, foreign keys and
 * algorithms, and expired tokens, throwing {@link org.kith.core.Rejected} (401).
 */
public interface TokenIssuer {
  /** Signs a fresh identity token and access token for the subject. */
  IssuedTokens issue(TokenSubject subject);

  /** Verifies a compact JWT and returns its claims, or throws a 401 rejection. */
  TokenClaims verify(String compactJwt);

  /** How long issued tokens live. */
  Duration lifetime();
}
