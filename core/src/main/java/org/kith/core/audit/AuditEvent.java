package org.kith.core.audit;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One thing that happened to a subject (a profile object, group, user or instance id): who did it
 * ({@code uId}, absent for anonymous or system actions), when, and the event's details (never secrets).
 */
public record AuditEvent(String subject, String eventType, @Nullable String uId, Instant date,
    Map<String, Object> event) {
  public AuditEvent {
    event = Map.copyOf(event);
  }

  public static AuditEvent of(String subject, String eventType, @Nullable String uId, Instant date,
      Map<String, Object> event) {
    return new AuditEvent(subject, eventType, uId, date, event);
  }
}
