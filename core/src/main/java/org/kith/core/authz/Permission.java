package org.kith.core.authz;

import java.util.Arrays;
import java.util.Collection;
import java.util.Optional;

/** Rights on a profile object, each including the ones below it: IS_OWNER ⊇ ADMINS ⊇ EDITS ⊇ VIEWS. */
public enum Permission {
  VIEWS,
  EDITS,
  ADMINS,
  IS_OWNER;

  /** Whether holding this permission gives {@code needed}. */
  public boolean includes(Permission needed) {
    return compareTo(needed) >= 0;
  }

  public static Optional<Permission> parse(String name) {
    return Arrays.stream(values()).filter(p -> p.name().equals(name)).findFirst();
  }

  /** The strongest of several held permissions (by relationship type name). */
  public static Optional<Permission> highest(Collection<String> names) {
    return names.stream().map(Permission::parse).flatMap(Optional::stream).max(Enum::compareTo);
  }
}
