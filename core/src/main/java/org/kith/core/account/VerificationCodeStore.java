package org.kith.core.account;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/** Port: the one pending code per account and purpose, stored as a keyed hash. */
public interface VerificationCodeStore {
  /** A pending code: its hash, expiry, consecutive wrong answers, and a lock after too many. */
  record StoredCode(
      String codeHash,
      Instant expiresAt,
      int failures,
      @Nullable Instant lockedUntil) {}

  /** Stores (replacing any previous) the pending code. */
  Mono<Void> put(String uId, CodePurpose purpose, StoredCode code);

  Mono<StoredCode> get(String uId, CodePurpose purpose);

  Mono<Void> delete(String uId, CodePurpose purpose);
}
