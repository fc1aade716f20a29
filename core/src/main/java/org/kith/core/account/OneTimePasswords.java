package org.kith.core.account;

/**
 * Port: RFC 6238 TOTP codes (HMAC-SHA-1, 6 digits, 30-second steps) of a library, and the key format
 * authenticator apps take. The rules (window, replay) are {@link TotpService}'s.
 */
public interface OneTimePasswords {
  /** Seconds per time step. */
  long PERIOD_SECONDS = 30;

  /** A new random 160-bit key, base32 (RFC 4648, no padding) as authenticator apps take it. */
  String newKey();

  /** The 6-digit code of the base32 key at time step {@code step} (seconds since the epoch / 30). */
  String code(String base32Key, long step);
}
