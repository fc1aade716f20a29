package org.kith.core.account;

import java.util.Set;

/** Who a token is issued to and for which session (refresh-token family). */
public record TokenSubject(String uId, String username, Set<String> roles, String sessionId) {
  public TokenSubject {
    roles = Set.copyOf(roles);
  }
}
