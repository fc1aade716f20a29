package org.kith.core.authz;

import java.util.Optional;

/** What a caller may do with one object: whether it exists at all and the strongest permission held. */
public record Access(boolean exists, Optional<Permission> permission) {
  public static final Access NONE = new Access(false, Optional.empty());

  /** Whether the caller may even learn that the object exists. */
  public boolean visible() {
    return exists && permission.isPresent();
  }

  public boolean allows(Permission needed) {
    return visible() && permission.get().includes(needed);
  }
}
