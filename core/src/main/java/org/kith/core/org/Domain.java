package org.kith.core.org;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A white-label domain of an organisation: how its onboarding pages look there. */
public record Domain(
    String domain,
    String orgId,
    String name,
    Map<String, Object> theme,
    @Nullable String logo) {
  public Domain {
    theme = Map.copyOf(theme);
  }
}
