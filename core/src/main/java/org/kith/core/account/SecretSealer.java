package org.kith.core.account;

/**
 * Port: authenticated encryption of secrets Kith must read back (a TOTP key), under a server key kept outside
 * the database, so a copy of the database alone reveals none of them. {@code context} (the owner's id) is bound
 * into each sealed value: one sealed for another owner does not open.
 */
public interface SecretSealer {
  String seal(String plaintext, String context);

  /** The plaintext; throws {@link IllegalStateException} if the value was not sealed under this key and context. */
  String open(String sealed, String context);
}
