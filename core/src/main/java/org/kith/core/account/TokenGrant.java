package org.kith.core.account;

/** What a successful password or refresh grant returns to the client. */
public record TokenGrant(IssuedTokens tokens, String refreshToken) {}
