package org.kith.core.consent;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One action a transition must run — an email or a webhook — written in the same transaction as the transition,
 * so it is delivered at least once across crashes and restarts. {@code eventId} lets receivers de-duplicate.
 *
 * @param status {@code pending}, {@code delivered} or {@code dead} (gave up; can be replayed)
 */
public record OutboxEvent(
    String eventId,
    String iId,
    String aId,
    Map<String, Object> action,
    Map<String, Object> payload,
    int attempts,
    Instant nextAt,
    String status,
    @Nullable String lastError,
    Instant createdAt) {
  public static final String PENDING = "pending";
  public static final String DELIVERED = "delivered";
  public static final String DEAD = "dead";

  public OutboxEvent {
    action = Map.copyOf(action);
    payload = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(payload));
  }

  public String method() {
    return String.valueOf(action.get("method"));
  }
}
