package org.kith.core.account;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a credential may do. Session tokens hold all scopes; a personal access token holds the ones its
 * owner chose, and never {@link #ACCOUNT} (a leaked script token must not change passwords or mint tokens).
 */
public enum Scope {
  /** Read data the user may see. */
  READ,
  /** Create, change and delete data the user may change. */
  WRITE,
  /** Manage the account itself: password, sessions, personal access tokens. */
  ACCOUNT;

  /** The wire name, lower case. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a wire name. */
  public static Optional<Scope> fromWire(String name) {
    return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
  }
}
