package org.kith.core.account;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Who a token is issued to and for which session (refresh-token family); {@code amr} how the person authenticated
 * (RFC 8176; empty for an application, and then the token carries no {@code amr} or {@code acr}); {@code authTime}
 * when the login that started the session happened (the token's {@code auth_time}; absent for an application).
 */
public record TokenSubject(
    String uId,
    String username,
    Set<String> roles,
    String sessionId,
    List<String> amr,
    @Nullable Instant authTime) {
  public TokenSubject {
    roles = Set.copyOf(roles);
    amr = List.copyOf(amr);
  }

  /** A subject without a login time. */
  public TokenSubject(
      String uId, String username, Set<String> roles, String sessionId, List<String> amr) {
    this(uId, username, roles, sessionId, amr, null);
  }

  /** A subject without authentication methods (an application's token). */
  public TokenSubject(String uId, String username, Set<String> roles, String sessionId) {
    this(uId, username, roles, sessionId, List.of(), null);
  }
}
