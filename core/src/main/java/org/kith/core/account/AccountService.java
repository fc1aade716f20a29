package org.kith.core.account;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.kith.core.Ids;
import org.kith.core.Rejected;
import org.kith.core.audit.AccountEvent;
import org.kith.core.audit.AuditEvent;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Account life cycle: sign-up and email verification, password reset (request, confirm, cancel) and change,
 * and "who am I".
 * Token grants live in {@link SessionService}. Thread-safe.
 */
public final class AccountService {
  /** Separates the keyed hash of a name from the hashes of secrets (and of login failures) by the same hasher. */
  private static final String RESET_REQUEST_KEY = "reset-request:";

  private final AccountStore accounts;
  private final SessionStore sessions;
  private final PasswordHasher passwords;
  private final VerificationCodes codes;
  private final PasswordPolicy policy;
  private final Clock clock;

  private final InvitationRedeemer invitations;
  private final PersonalAccessTokenStore pats;
  private final LoginThrottle throttle;
  private final AccountSettings settings;
  private final SecretHasher secrets;

  public AccountService(
      AccountStore accounts,
      VerificationCodeStore codeStore,
      SessionStore sessions,
      PersonalAccessTokenStore pats,
      LoginThrottle throttle,
      PasswordHasher passwords,
      SecretHasher secrets,
      Mailer mailer,
      PasswordPolicy policy,
      AccountSettings settings,
      InvitationRedeemer invitations,
      Clock clock) {
    this.invitations = invitations;
    this.pats = pats;
    this.throttle = throttle;
    this.settings = settings;
    this.secrets = secrets;
    this.accounts = accounts;
    this.sessions = sessions;
    this.passwords = passwords;
    this.codes = new VerificationCodes(codeStore, secrets, mailer, settings, clock);
    this.policy = policy;
    this.clock = clock;
  }

  /** The canonical account name of a typed {@code username} field (see {@link Usernames}); 400 if refused. */
  public static String normalizeUsername(String username) {
    return Usernames.canonical("username", username);
  }

  /**
   * Creates an unverified account, audited ({@code account_create}) in the same transaction, and emails its
   * verification code.
   *
   * @return the new account's {@code u_id}
   */
  public Mono<String> signup(String username, String password, @Nullable String organisationCode) {
    return Mono.defer(() -> signupChecked(normalizeUsername(username), password, organisationCode));
  }

  private Mono<String> signupChecked(
      String name, String password, @Nullable String organisationCode) {
    policy.check("password", password, name);
    boolean invited = organisationCode != null && !organisationCode.isBlank();
    Mono<Boolean> invitation =
        invited ? invitations.isInvited(organisationCode, name) : Mono.just(true);
    return invitation
        .flatMap(ok -> ok
            ? Mono.<String>empty()
            : Mono.error(Rejected.invalid(
                "verification_code_org",
                "the organisation invitation code is wrong, used, expired or for another address")))
        .then(accounts.findByUsername(name))
        .flatMap(existing ->
            Mono.<String>error(Rejected.conflict("an account with this username exists")))
        .switchIfEmpty(Mono.defer(() -> passwords
            .hash(password)
            .flatMap(hash -> {
              String uId = Ids.uuid();
              Instant now = clock.instant();
              return accounts.create(
                  new AccountStore.NewAccount(uId, name, hash, now),
                  List.of(AuditEvent.of(uId, uId, now, new AccountEvent.AccountCreated(invited))));
            })
            .flatMap(account -> (invited
                    ? invitations.redeem(organisationCode, name, account.uId()).then()
                    : Mono.<Void>empty())
                .then(codes.issue(account, CodePurpose.SIGNUP, 0))
                .thenReturn(account.uId()))));
  }

  /** Confirms the emailed sign-up code, audited ({@code account_verify}) in the same transaction. */
  public Mono<Void> verify(String username, String code) {
    return Mono.fromCallable(() -> normalizeUsername(username))
        .flatMap(accounts::findByUsername)
        .switchIfEmpty(Mono.error(
            () -> Rejected.invalid("verification_code", "the code is wrong or has expired")))
        .flatMap(account -> account.verified()
            ? Mono.empty()
            : codes
                .check(account, CodePurpose.SIGNUP, code)
                .then(accounts.markVerified(
                    account.uId(),
                    List.of(AuditEvent.of(
                        account.uId(),
                        account.uId(),
                        clock.instant(),
                        new AccountEvent.AccountVerified())))));
  }

  /**
   * Starts a password reset. The block on password logins is written before this completes (so a login
   * right after the answer is refused); the code and the "I did not ask for this" link are emailed after.
   * At most {@link AccountSettings#resetRequests} requests per username are accepted; a further one changes
   * nothing and sends nothing. The answer is the same in every case, and the work up to it is the same (one
   * throttle read, one throttle write, one account write) whether or not the account exists. An accepted request
   * is audited in the account write's transaction, anonymously, on the name's keyed-hash trail
   * ({@link #resetRequestSubject}), never on the account's: that too is the same whether or not it exists.
   */
  public Mono<Void> requestPasswordReset(String username) {
    return Mono.defer(() -> {
      String name = normalizeUsername(username);
      String key = "reset:" + name;
      Instant now = clock.instant();
      return throttle
          .status(List.of(key), now)
          .flatMap(status -> status.get(0).blockedFor().isZero()
              ? throttle
                  .recordSpend(key, settings.resetRequests(), now)
                  .then(accounts.startReset(
                      name,
                      List.of(AuditEvent.of(
                          resetRequestSubject(secrets, name),
                          null,
                          now,
                          new AccountEvent.PasswordResetRequested()))))
                  .doOnNext(account -> codes
                      .issue(account, CodePurpose.PASSWORD_RESET, 0)
                      .subscribeOn(Schedulers.boundedElastic())
                      .subscribe(v -> {}, e -> {}))
                  .then()
              : Mono.empty());
    });
  }

  /**
   * Sets a new password with the emailed reset code and ends every session and every personal access token
   * of the account.
   */
  public Mono<Void> confirmPasswordReset(String username, String code, String newPassword) {
    return Mono.fromCallable(() -> normalizeUsername(username))
        .flatMap(name -> accounts
            .findByUsername(name)
            .switchIfEmpty(Mono.error(
                () -> Rejected.invalid("verification_code", "the code is wrong or has expired")))
            .flatMap(account -> {
              policy.check("password", newPassword, name);
              return codes
                  .check(account, CodePurpose.PASSWORD_RESET, code)
                  .then(passwords.hash(newPassword))
                  .flatMap(hash -> accounts.setPassword(
                      account.uId(),
                      hash,
                      List.of(AuditEvent.of(
                          account.uId(),
                          account.uId(),
                          clock.instant(),
                          new AccountEvent.PasswordReset()))))
                  .then(accounts.markVerified(account.uId(), List.of()))
                  .then(codes.endReset(account.uId()))
                  .then(sessions.revokeAll(account.uId(), null))
                  .then(pats.deleteAll(account.uId()));
            }));
  }

  /**
   * The owner's "I did not ask for this": consumes the emailed single-use token, deletes the reset code and
   * lifts the block on password logins; the password stays as it was. 400 naming {@code token} when the
   * token is unknown, used or expired. Audited on the account's trail, as done by the account (the link's holder).
   */
  public Mono<Void> cancelPasswordReset(String token) {
    return codes
        .redeemCancel(token)
        .switchIfEmpty(
            Mono.error(
                () -> Rejected.invalid(
                    "token",
                    "the link is not valid: it was already used, has expired, or a newer reset email replaced it")))
        .flatMap(uId -> accounts.cancelReset(
            uId,
            List.of(AuditEvent.of(
                uId, uId, clock.instant(), new AccountEvent.PasswordResetCancelled()))));
  }

  /** The subject of the accepted reset requests of a canonical username: {@link AccountEvent#resetRequestSubject}. */
  public static String resetRequestSubject(SecretHasher secrets, String canonicalUsername) {
    return AccountEvent.resetRequestSubject(secrets.hash(RESET_REQUEST_KEY + canonicalUsername));
  }

  /** Changes the caller's password and ends its other sessions. */
  public Mono<Void> changePassword(Principal caller, String existing, String newPassword) {
    return Mono.defer(() -> {
      requireAccountScope(caller);
      policy.check("password_new", newPassword, caller.username());
      return changeChecked(caller, existing, newPassword);
    });
  }

  private Mono<Void> changeChecked(Principal caller, String existing, String newPassword) {
    return accounts
        .passwordHash(caller.uId())
        .switchIfEmpty(Mono.error(() -> Rejected.unauthenticated("the account no longer exists")))
        .flatMap(hash -> passwords.verify(existing, hash))
        .flatMap(ok -> ok
            ? passwords.hash(newPassword)
            : Mono.error(Rejected.invalid("password_existing", "the existing password is wrong")))
        .flatMap(hash -> accounts.setPassword(
            caller.uId(),
            hash,
            List.of(AuditEvent.of(
                caller.uId(), caller.uId(), clock.instant(), new AccountEvent.PasswordChanged()))))
        .then(sessions.revokeAll(caller.uId(), caller.sessionId()));
  }

  /** The caller's account, groups and organisations. */
  public Mono<Me> me(Principal caller) {
    return accounts
        .memberships(caller.uId())
        .map(m ->
            new Me(caller.uId(), caller.username(), caller.roles(), m.groups(), m.organizations()));
  }

  /** The answer of {@code GET /v1/auth/me}. */
  public record Me(
      String uId,
      String username,
      java.util.Set<String> roles,
      java.util.List<String> groups,
      java.util.List<String> organizations) {}

  static void requireAccountScope(Principal caller) {
    if (!caller.allows(Scope.ACCOUNT)) {
      throw Rejected.forbidden("this credential may not manage the account");
    }
  }
}
