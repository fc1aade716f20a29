package org.kith.core.account;

import reactor.core.publisher.Mono;

/**
 * Port: slow, salted password hashing. Both operations run off the caller's thread on a bounded pool;
 * {@link #verify} compares in constant time. The encoded form carries its own parameters.
 */
public interface PasswordHasher {
  /** Hashes a password into a self-describing encoded string. */
  Mono<String> hash(String password);

  /** Whether the password matches the encoded hash. A malformed hash never matches. */
  Mono<Boolean> verify(String password, String encodedHash);

  /** Whether the hash was made with weaker parameters than the current ones. */
  boolean needsRehash(String encodedHash);
}
