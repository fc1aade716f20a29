package org.kith.core.account;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/** Port: the one pending code per account and purpose, stored as a keyed hash. */
public interface VerificationCodeStore {
  /**
   * A pending code: its hash, expiry, consecutive wrong answers (over the codes that replaced each other), a
   * lock after too many, and the wrong answers this code took.
   */
  record StoredCode(
      String codeHash,
      Instant expiresAt,
      int failures,
      @Nullable Instant lockedUntil,
      int tries) {
    public StoredCode(
        String codeHash, Instant expiresAt, int failures, @Nullable Instant lockedUntil) {
      this(codeHash, expiresAt, failures, lockedUntil, 0);
    }
  }

  /** What an answer met: the code (after the answer was counted) and the outcome. */
  record Attempt(StoredCode code, Outcome outcome) {}

  /** How an answer to a pending code went. */
  enum Outcome {
    /** The right code, in time; the code is left for the caller to consume. */
    RIGHT,
    /** A wrong code: counted in {@code failures} and {@code tries}. */
    WRONG,
    /** The code took its last try already (its replacement is being issued): not compared, not counted. */
    SPENT,
    EXPIRED,
    LOCKED
  }

  /** Stores (replacing any previous) the pending code. */
  Mono<Void> put(String uId, CodePurpose purpose, StoredCode code);

  Mono<StoredCode> get(String uId, CodePurpose purpose);

  /**
   * Checks an answer ({@code presentedHash}) against the pending code and counts it when wrong, in one
   * transaction that holds the code's lock, so concurrent answers are compared and counted one after the other
   * and a code never takes more than {@code triesPerCode} answers. Empty when no code is pending.
   */
  Mono<Attempt> attempt(
      String uId, CodePurpose purpose, String presentedHash, Instant now, int triesPerCode);

  Mono<Void> delete(String uId, CodePurpose purpose);
}
