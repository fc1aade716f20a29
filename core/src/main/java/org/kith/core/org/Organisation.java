package org.kith.core.org;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** An organisation; its creator is its first admin. */
public record Organisation(
    String orgId,
    String name,
    String email,
    @Nullable String address,
    @Nullable String customer,
    Instant createdAt) {}
