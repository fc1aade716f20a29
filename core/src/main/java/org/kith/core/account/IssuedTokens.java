package org.kith.core.account;

import java.time.Duration;

/** The signed identity and access tokens of one grant. */
public record IssuedTokens(String identityToken, String accessToken, Duration lifetime) {}
