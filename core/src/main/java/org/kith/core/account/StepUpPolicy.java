package org.kith.core.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.kith.core.Rejected;
import reactor.core.publisher.Mono;

/**
 * Step-up authentication (RFC 9470), decided in this one place: which operations are sensitive and what they
 * need. An operation is allowed when the login that started the caller's session (its {@code auth_time}, kept with
 * the session, never raised by a refresh) is at most {@code maxAge} old, or, for an operation that names an
 * {@code acr}, when that login reached at least that level. Otherwise the caller gets 401
 * {@code insufficient-user-authentication} and nothing changes; logging in again (password, and the second factor
 * if the account has one) satisfies it. A personal access token or an application's token is no login and never
 * satisfies it. Thread-safe.
 */
public final class StepUpPolicy {
  /** The sensitive operations, each with the level ({@code acr}) that suffices without a recent login, if any. */
  public enum Operation {
    CHANGE_PASSWORD("changing the password", null),
    DELETE_ACCOUNT("deleting the account without its password", null),
    ADD_SECOND_FACTOR("adding a second factor", null),
    REMOVE_SECOND_FACTOR("removing a second factor", null),
    CREATE_PERSONAL_ACCESS_TOKEN("creating a personal access token", null),
    /** A first share (consent instance) with an application. */
    SHARE_WITH_NEW_APPLICATION("sharing with an application you have not shared with before", null),
    /**
     * Export of everything Kith holds about the person. No level replaces recency here either: a session keeps its
     * login's level for as long as it is refreshed, so a stolen token of an old passkey login would otherwise do it.
     */
    EXPORT("exporting your data", null);

    private final String action;
    private final @Nullable String acr;

    Operation(String action, @Nullable String acr) {
      this.action = action;
      this.acr = acr;
    }

    /** The level that suffices without a recent login; null if only a recent login does. */
    public @Nullable String acr() {
      return acr;
    }
  }

  /** The {@code acr} values from weakest to strongest. */
  private static final List<String> LEVELS = List.of(
      AuthenticationMethods.ACR_PASSWORD,
      AuthenticationMethods.ACR_MFA,
      AuthenticationMethods.ACR_PHISHING_RESISTANT);

  private final SessionStore sessions;
  private final Duration maxAge;
  private final Clock clock;

  public StepUpPolicy(SessionStore sessions, Duration maxAge, Clock clock) {
    if (maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("the step-up max age must be positive: " + maxAge);
    }
    this.sessions = sessions;
    this.maxAge = maxAge;
    this.clock = clock;
  }

  /** How recent a login must be. */
  public Duration maxAge() {
    return maxAge;
  }

  /** Completes empty if the caller may do the operation now, else fails with the step-up rejection. */
  public Mono<Void> require(Principal caller, Operation operation) {
    String session = caller.sessionId();
    if (caller.credential() != Principal.Credential.TOKEN || session == null) {
      return Mono.error(refusal(
          operation,
          "a personal access token or an application's token is no login; log in to do this"));
    }
    return sessions
        .authentication(caller.uId(), session)
        .filter(a -> satisfies(a.at(), AuthenticationMethods.acrOf(a.amr()), operation))
        .switchIfEmpty(Mono.error(() -> refusal(operation, "log in again to confirm it is you")))
        .then();
  }

  /** Whether a login at {@code authTime} reaching {@code acr} allows the operation now. */
  boolean satisfies(Instant authTime, String acr, Operation operation) {
    Instant now = clock.instant();
    // a login time in the future (clocks of a cluster) counts as now, never as fresher
    boolean recent = !authTime.isBefore(now.minus(maxAge));
    return recent || (operation.acr() != null && atLeast(acr, operation.acr()));
  }

  static boolean atLeast(String acr, String required) {
    int held = LEVELS.indexOf(acr);
    return held >= 0 && held >= LEVELS.indexOf(required);
  }

  private Rejected refusal(Operation operation, String what) {
    String detail = operation.action
        + " needs a login within the last "
        + maxAge.toSeconds()
        + " seconds"
        + (operation.acr() == null ? "" : " or one at level " + operation.acr())
        + "; "
        + what;
    return Rejected.insufficientUserAuthentication(detail, maxAge, operation.acr());
  }
}
