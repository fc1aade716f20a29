package org.kith.core.org;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An organisation asking someone (by email) to apply through an onboarding page. States: {@code sent} (emailed),
 * {@code resend} (emailed again), {@code deleted}, {@code complete}. Removed 7 days after creation.
 */
public record ApplicationRequest(
    String shortCode,
    String orgId,
    String email,
    String pageLink,
    @Nullable String source,
    @Nullable String aId,
    @Nullable String aaName,
    String state,
    Instant createdAt,
    Instant updatedAt) {}
