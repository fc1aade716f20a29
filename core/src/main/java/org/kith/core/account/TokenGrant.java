package org.kith.core.account;

import org.jspecify.annotations.Nullable;

/** What a successful grant returns to the client; client-credential grants carry no refresh token. */
public record TokenGrant(IssuedTokens tokens, @Nullable String refreshToken) {}
