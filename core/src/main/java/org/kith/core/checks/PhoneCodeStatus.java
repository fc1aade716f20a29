package org.kith.core.checks;

/** What a phone-code provider answered. */
public enum PhoneCodeStatus {
  /** A code is out and not yet confirmed (after a send; after a check, the code was wrong). */
  PENDING,
  /** The code was the one sent: the person holds the number. */
  APPROVED,
  /** No code is waiting for this number: none was sent, or it expired or was used. */
  NONE_PENDING,
  /** The provider refuses more sends or checks for this number for now. */
  TOO_MANY_ATTEMPTS,
  /** The provider does not take this number (not a mobile number, a country it does not serve). */
  NUMBER_REFUSED
}
