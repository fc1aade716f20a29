package org.kith.core.account;

import java.time.Instant;

/**
 * A person's account. {@code resetPending} blocks password logins until a reset is confirmed;
 * {@code disabled} rejects every token of the account.
 */
public record Account(
    String uId,
    String username,
    boolean verified,
    boolean resetPending,
    boolean disabled,
    Instant createdAt) {}
