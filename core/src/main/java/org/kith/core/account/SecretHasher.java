package org.kith.core.account;

/**
 * Port: keyed hashing of server-issued secrets (verification codes, refresh tokens, personal access
 * tokens) so that a copy of the database reveals none of them.
 */
public interface SecretHasher {
  /** A deterministic keyed digest of the secret, safe to store and index. */
  String hash(String secret);
}
