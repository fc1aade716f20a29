package org.kith.core.account;

import java.util.List;
import java.util.Set;

/**
 * Who a token is issued to and for which session (refresh-token family); {@code amr} how the person authenticated
 * (RFC 8176; empty for an application, and then the token carries no {@code amr} or {@code acr}).
 */
public record TokenSubject(
    String uId, String username, Set<String> roles, String sessionId, List<String> amr) {
  public TokenSubject {
    roles = Set.copyOf(roles);
    amr = List.copyOf(amr);
  }

  /** A subject without authentication methods (an application's token). */
  public TokenSubject(String uId, String username, Set<String> roles, String sessionId) {
    this(uId, username, roles, sessionId, List.of());
  }
}
