package org.kith.core.checks;

import reactor.core.publisher.Mono;

/**
 * Port: a provider that sends a one-time code to a phone number and later says whether the code the person
 * typed is the one it sent (Twilio Verify and its peers). The provider makes and keeps the code; Kith never sees
 * it. Numbers are E.164 ({@code +64211234567}). Adapters fail with {@link org.kith.core.Failed} (503) when the
 * provider cannot be reached or answers something unexpected.
 */
public interface PhoneVerifier extends Verifier {
  /** Sends a new code by SMS to {@code to}: {@link PhoneCodeStatus#PENDING} when it went out. */
  Mono<PhoneCodeStatus> send(String to);

  /** Checks {@code code} against the code last sent to {@code to}. */
  Mono<PhoneCodeStatus> check(String to, String code);
}
