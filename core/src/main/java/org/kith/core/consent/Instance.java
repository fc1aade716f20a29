package org.kith.core.consent;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A consent record: {@code ownerUId} shares {@code profileObjects} with application {@code aId}. Active while
 * its state is not {@link Transitions#WITHDRAWN} and {@code endDate} has not passed; only then may the
 * application's administrators read the shared objects.
 */
public record Instance(
    String iId,
    String aId,
    String ownerUId,
    String state,
    @Nullable String reference,
    String confirmationCode,
    Instant startDate,
    @Nullable Instant endDate,
    List<String> profileObjects,
    List<Map<String, Object>> keys,
    Map<String, Object> custom) {
  public Instance {
    profileObjects = List.copyOf(profileObjects);
    keys = List.copyOf(keys);
    custom = Map.copyOf(custom);
  }

  public boolean activeAt(Instant now) {
    return !Transitions.WITHDRAWN.equals(state) && (endDate == null || now.isBefore(endDate));
  }
}
