package org.kith.core.account;

import java.util.List;
import java.util.Set;

/**
 * Who a token is issued to and for which session (refresh-token family); {@code amr} the RFC 8176 methods the
 * login used (empty: not stated).
 */
public record TokenSubject(
    String uId, String username, Set<String> roles, String sessionId, List<String> amr) {
  public TokenSubject {
    roles = Set.copyOf(roles);
    amr = List.copyOf(amr);
  }

  public TokenSubject(String uId, String username, Set<String> roles, String sessionId) {
    this(uId, username, roles, sessionId, List.of());
  }
}
