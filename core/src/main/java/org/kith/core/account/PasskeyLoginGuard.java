package org.kith.core.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.kith.core.Rejected;
import org.kith.core.audit.AccountEvent;
import org.kith.core.audit.AuditEvent;
import org.kith.core.audit.AuditTrail;
import reactor.core.publisher.Mono;

/**
 * Failed passkey logins, throttled with the shared counters of failed passwords ({@link LoginThrottle}, the
 * limits of {@link AccountSettings#login()}) and audited. Before the credential's holder is known only the client
 * address counts (the same fixed window as the address's failed passwords); once it is known also growing delays
 * per (holder, client) and a budget per holder that only clients failing for it draw on, as for a username. A
 * premature try is 429 before the assertion is looked at, and is not audited. Thread-safe.
 */
public final class PasskeyLoginGuard {
  /** The grant of passkey logins. */
  public static final String GRANT = "webauthn";

  /** A longer credential id (attacker-chosen when unknown) is cut to this length in the audit event. */
  private static final int MAX_ID = 128;

  private final LoginThrottle throttle;
  private final AccountSettings settings;
  private final SecretHasher secrets;
  private final AuditTrail audit;
  private final Clock clock;

  public PasskeyLoginGuard(
      LoginThrottle throttle,
      AccountSettings settings,
      SecretHasher secrets,
      AuditTrail audit,
      Clock clock) {
    this.throttle = throttle;
    this.settings = settings;
    this.secrets = secrets;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * 429 if the client (and, when given, the holder's keys as seen from this client) must wait; else completes with
   * whether the (holder, client) key holds failures to forget after a success.
   */
  public Mono<Boolean> check(String client, @Nullable String uId) {
    List<String> keys = uId == null
        ? List.of(addressKey(client))
        : List.of(clientKey(client, uId), accountKey(uId), addressKey(client));
    return throttle.status(keys, clock.instant()).flatMap(status -> {
      LoginThrottle.Status first = status.get(0);
      Duration wait = uId == null || first.counting()
          ? LoginThrottle.Status.longestBlock(status)
          : LoginThrottle.Status.longestBlock(List.of(first, status.get(2)));
      return wait.isZero()
          ? Mono.just(uId != null && first.counting())
          : Mono.error(Rejected.tooManyRequests("too many failed logins; try again later", wait));
    });
  }

  /** Counts and audits a failure; {@code uId}, the credential's holder, when known. */
  public Mono<Void> failed(String client, @Nullable String uId, String credentialId, String error) {
    Instant now = clock.instant();
    AccountSettings.LoginLimits limits = settings.login();
    Mono<Void> counted = throttle.recordFailure(
        addressKey(client), limits.addressFailureLimit(), limits.addressWindow(), now);
    if (uId != null) {
      counted = counted
          .then(throttle.recordBackoff(clientKey(client, uId), limits.perClient(), now))
          .then(throttle.recordSpend(accountKey(uId), limits.perUsername(), now));
    }
    String id = credentialId.length() > MAX_ID ? credentialId.substring(0, MAX_ID) : credentialId;
    String subject = uId != null
        ? uId
        : AccountEvent.passkeyFailureSubject(secrets.hash("passkey-failure:" + credentialId));
    return counted.then(audit.append(List.of(
        AuditEvent.of(subject, null, now, new AccountEvent.PasskeyLoginFailed(id, error)))));
  }

  /** After a verified assertion: forgets the (holder, client) failures if there were any. */
  public Mono<Void> succeeded(String client, String uId, boolean counting) {
    return counting ? throttle.clear(clientKey(client, uId)) : Mono.empty();
  }

  private static String addressKey(String client) {
    // shared with failed password logins of the address
    return "addr:" + client;
  }

  private static String clientKey(String client, String uId) {
    return "passkey-client:" + client + " " + uId;
  }

  private static String accountKey(String uId) {
    return "passkey-user:" + uId;
  }
}
