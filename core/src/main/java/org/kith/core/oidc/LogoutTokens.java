package org.kith.core.oidc;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Port: the JWTs of logout. Reads an {@code id_token_hint} (an ID token Kith issued: its signature under Kith's keys
 * and its issuer must verify, its expiry does not matter, OpenID Connect RP-Initiated Logout 1.0 §2) and signs
 * back-channel logout tokens (OpenID Connect Back-Channel Logout 1.0 §2.4). {@link #hint} throws
 * {@link org.kith.core.Rejected} (400, field {@code id_token_hint}) for anything else.
 */
public interface LogoutTokens {
  /** What a verified ID token hint says. */
  record Hint(
      String subject, List<String> audience, @Nullable String sid) {
    public Hint {
      audience = List.copyOf(audience);
    }
  }

  /**
   * A logout token's content: {@code aud} is the client id, {@code jti} the outbox event id (the same on every
   * retry, so the receiver can recognise a repeat).
   */
  record Notice(String clientId, String subject, String sid, String jti, Instant issuedAt) {}

  Hint hint(String idToken);

  String logoutToken(Notice notice);
}
