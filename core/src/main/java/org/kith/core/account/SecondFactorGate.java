package org.kith.core.account;

import reactor.core.publisher.Mono;

/**
 * What a password login passes after the password was found right: completes empty when the account needs no
 * second factor; otherwise fails with {@link org.kith.core.Rejected#mfaRequired} carrying a fresh single-use
 * {@code mfa_token} bound to this login.
 */
public interface SecondFactorGate {
  /** No second factor anywhere (tests and tools that build a bare {@link SessionService}). */
  SecondFactorGate NONE = (account, client) -> Mono.empty();

  Mono<Void> afterPassword(Account account, String clientAddress);
}
