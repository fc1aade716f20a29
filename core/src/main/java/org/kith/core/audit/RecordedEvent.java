package org.kith.core.audit;

import org.jspecify.annotations.Nullable;

/**
 * An audit event as stored: its position in the subject's chain, the hash of the previous event
 * ({@code prevHash}, absent for the first) and its own hash over the canonical event.
 */
public record RecordedEvent(
    AuditEvent event, long seq, @Nullable String prevHash, String hash) {}
