package org.kith.core.org;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An organisation; its creator is its first admin. {@code customer} is the organisation's own reference for itself
 * (free text).
 */
public record Organisation(
    String orgId,
    String name,
    String email,
    @Nullable PostalAddress address,
    @Nullable String customer,
    Instant createdAt) {}
