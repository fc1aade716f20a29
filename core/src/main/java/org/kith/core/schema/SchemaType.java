package org.kith.core.schema;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Schema families: {@code ss} system schemas shipped with Kith, {@code ps} platform, {@code us} user schemas. */
public enum SchemaType {
  PS,
  US,
  SS;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<SchemaType> fromWire(String s) {
    return Arrays.stream(values()).filter(t -> t.wire().equals(s)).findFirst();
  }

  /** Whether only platform admins may create or change schemas of this type. */
  public boolean adminOnly() {
    return this != US;
  }
}
