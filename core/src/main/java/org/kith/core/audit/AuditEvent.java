package org.kith.core.audit;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One thing that happened to a subject (a profile object, group, user or instance id): who did it
 * ({@code uId}, absent for anonymous or system actions), when, and the event's details (never secrets).
 * New events are made from typed details ({@link #of}); the type name and the detail map are the stored
 * form, which is how events already written are read back.
 */
public record AuditEvent(
    String subject,
    String eventType,
    @Nullable String uId,
    Instant date,
    Map<String, Object> event) {
  public AuditEvent {
    event = Map.copyOf(event);
  }

  /** A new event of the type its details stand for. */
  public static AuditEvent of(
      String subject, @Nullable String uId, Instant date, AuditDetails details) {
    return new AuditEvent(subject, details.auditType().wireName(), uId, date, details.toMap());
  }

  /** The type, if this version knows the stored name. */
  public Optional<AuditType> type() {
    return AuditType.fromWire(eventType);
  }
}
