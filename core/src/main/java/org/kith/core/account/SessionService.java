package org.kith.core.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.kith.core.Ids;
import org.kith.core.ProblemKind;
import org.kith.core.Rejected;
import org.kith.core.audit.AccountEvent;
import org.kith.core.audit.AuditEvent;
import org.kith.core.audit.AuditTrail;
import reactor.core.publisher.Mono;

/**
 * Token grants and sessions: password, refresh (with rotation and reuse detection) and client-credential
 * grants, logout,
 * and authentication of bearer credentials. Failed password logins are slowed down with counters in the
 * shared store: per (username, client) with growing delays; per username with a budget that only clients
 * that have been failing for it draw on; per client address across usernames. A premature try is answered
 * 429 before the password is looked at. Thread-safe.
 *
 * <p>Audited: a login in the transaction that starts its session, a logout in the one that ends it; a refresh
 * (or the reuse that revokes a family) right after the store's atomic rotation, whose outcome it records; a
 * failed login on its own, with the same single write whether or not the name is an account's (see
 * {@link AccountEvent#loginFailureSubject}). A throttled try (429) checks no credential and is not audited.
 */
public final class SessionService {
  private static final String PAT_PREFIX = PersonalAccessTokenService.PREFIX;
  private static final String PASSWORD = "password";
  private static final String WEBAUTHN = "webauthn";
  /** What the answer of a wrong name and a wrong password alike says. */
  private static final String WRONG_CREDENTIALS = "invalid_user_credentials";
  /** Separates the keyed hash of a name from the hashes of secrets made by the same hasher. */
  private static final String LOGIN_FAILURE_KEY = "login-failure:";
  /** Separates the keyed hash of a client id likewise. */
  private static final String CLIENT_FAILURE_KEY = "client-failure:";

  private static final String CLIENT_CREDENTIALS = "client_credentials";
  private static final Set<Scope> SESSION_SCOPES = Set.of(Scope.values());
  /** An application may read and change what it is given (instances), never an account. */
  private static final Set<Scope> APPLICATION_SCOPES = Set.of(Scope.READ, Scope.WRITE);

  private final ApplicationDirectory applications;

  private final AccountStore accounts;
  private final SessionStore sessions;
  private final LoginThrottle throttle;
  private final PasswordHasher passwords;
  private final SecretHasher secrets;
  private final TokenIssuer tokens;
  private final PersonalAccessTokenService pats;
  private final AccountSettings settings;
  private final Clock clock;
  private final Mono<String> decoyHash;
  private final AuditTrail audit;
  private final SecondFactorGate secondFactor;

  public SessionService(
      AccountStore accounts,
      SessionStore sessions,
      LoginThrottle throttle,
      PasswordHasher passwords,
      SecretHasher secrets,
      TokenIssuer tokens,
      PersonalAccessTokenService pats,
      AccountSettings settings,
      ApplicationDirectory applications,
      AuditTrail audit,
      Clock clock) {
    this(
        accounts,
        sessions,
        throttle,
        passwords,
        secrets,
        tokens,
        pats,
        settings,
        applications,
        audit,
        clock,
        SecondFactorGate.NONE);
  }

  /** With the gate that asks accounts with a second factor for it after the password. */
  public SessionService(
      AccountStore accounts,
      SessionStore sessions,
      LoginThrottle throttle,
      PasswordHasher passwords,
      SecretHasher secrets,
      TokenIssuer tokens,
      PersonalAccessTokenService pats,
      AccountSettings settings,
      ApplicationDirectory applications,
      AuditTrail audit,
      Clock clock,
      SecondFactorGate secondFactor) {
    this.secondFactor = secondFactor;
    this.audit = audit;
    this.applications = applications;
    this.accounts = accounts;
    this.sessions = sessions;
    this.throttle = throttle;
    this.passwords = passwords;
    this.secrets = secrets;
    this.tokens = tokens;
    this.pats = pats;
    this.settings = settings;
    this.clock = clock;
    // A real hash to verify against when the username is unknown, so both paths cost the same.
    this.decoyHash = passwords.hash(Ids.secret256()).cache();
  }

  /** {@code grant_type=password}. */
  public Mono<TokenGrant> passwordGrant(String username, String password, String clientAddress) {
    return Mono.defer(
        () -> passwordGrantOf(AccountService.normalizeUsername(username), password, clientAddress));
  }

  private Mono<TokenGrant> passwordGrantOf(String name, String password, String client) {
    // the client comes first: it never holds white space, a canonical name never does either
    String clientKey = "client:" + client + " " + name;
    String usernameKey = "user:" + name;
    String addressKey = "addr:" + client;
    Instant now = clock.instant();
    AccountSettings.LoginLimits limits = settings.login();
    return throttle.status(List.of(clientKey, usernameKey, addressKey), now).flatMap(status -> {
      LoginThrottle.Status ofClient = status.get(0);
      // a client that has not been failing for this name is never held back by the name's budget,
      // so strangers failing elsewhere cannot lock the owner out
      Duration wait = LoginThrottle.Status.longestBlock(
          ofClient.counting() ? status : List.of(ofClient, status.get(2)));
      if (!wait.isZero()) {
        return Mono.error(
            Rejected.tooManyRequests("too many failed logins; try again later", wait));
      }
      // the account and its password hash in one read
      return accounts
          .findCredentials(name)
          .flatMap(found -> found.account().resetPending()
              ? loginFailed(name, "password_reset_pending", now)
                  .then(Mono.<Optional<Account>>error(Rejected.forbidden(
                      "a password reset is pending; confirm it with the emailed code, or cancel it with the email's"
                          + " \"I did not ask for this\" link")))
              : verified(found, password))
          .switchIfEmpty(Mono.defer(() -> decoyHash
              .flatMap(h -> passwords.verify(password, h))
              .thenReturn(Optional.<Account>empty())))
          .flatMap(found -> found.isPresent()
              ? Mono.just(found.get())
              : throttle
                  .recordBackoff(clientKey, limits.perClient(), now)
                  .then(throttle.recordSpend(usernameKey, limits.perUsername(), now))
                  .then(throttle.recordFailure(
                      addressKey, limits.addressFailureLimit(), limits.addressWindow(), now))
                  .then(loginFailed(name, WRONG_CREDENTIALS, now))
                  .then(Mono.error(Rejected.unauthenticated("wrong username or password"))))
          .flatMap(account -> {
            if (account.disabled()) {
              // only someone who knows the password learns it: the answer says why, once it is
              // right
              return loginFailed(name, "account_disabled", now)
                  .then(
                      Mono.error(
                          Rejected.of(
                              ProblemKind.ACCOUNT_DISABLED,
                              "this account has been disabled by an administrator; contact the platform's support")));
            }
            if (!account.verified()) {
              return loginFailed(name, "account_not_verified", now)
                  .then(Mono.error(
                      Rejected.forbidden("the account is not verified; enter the emailed code")));
            }
            // a successful login forgets this client's failures (a write only if there were any)
            return (ofClient.counting() ? throttle.clear(clientKey) : Mono.<Void>empty())
                .then(secondFactor.afterPassword(account, client))
                .then(startSession(account, PASSWORD, AuthenticationMethods.PASSWORD));
          });
    });
  }

  /** The account if the password matches its hash; empty (as for an unknown name) if it has no password. */
  private Mono<Optional<Account>> verified(AccountStore.Credentials found, String password) {
    String hash = found.passwordHash();
    return hash == null
        ? Mono.empty()
        : passwords
            .verify(password, hash)
            .map(ok -> ok ? Optional.of(found.account()) : Optional.<Account>empty());
  }

  /**
   * {@code grant_type=refresh_token}: rotates the token; a reused token revokes its family. The rotation and its
   * audit event are one transaction.
   */
  public Mono<TokenGrant> refreshGrant(String refreshToken) {
    String next = Ids.secret256();
    Instant now = clock.instant();
    return sessions
        .rotate(
            secrets.hash(refreshToken),
            secrets.hash(next),
            now.plus(settings.refreshTtl()),
            now,
            rotation -> rotation instanceof SessionStore.Rotated r
                ? List.of(AuditEvent.of(
                    r.uId(), r.uId(), now, new AccountEvent.TokenRefreshed(r.familyId())))
                : rotation instanceof SessionStore.Reused r
                    ? List.of(AuditEvent.of(
                        r.uId(),
                        r.uId(),
                        now,
                        new AccountEvent.TokenRevoked(r.familyId(), "refresh_token_reuse")))
                    : List.of())
        .flatMap(rotation -> {
          if (rotation instanceof SessionStore.Rotated r) {
            return Mono.fromCallable(() -> new TokenGrant(
                tokens.issue(new TokenSubject(
                    r.uId(),
                    r.username(),
                    settings.rolesOf(r.username()),
                    r.familyId(),
                    r.amr(),
                    r.authTime())),
                next));
          }
          if (rotation instanceof SessionStore.Reused) {
            return Mono.error(Rejected.of(
                ProblemKind.UNAUTHENTICATED,
                "the refresh token was already used; its session has been revoked"));
          }
          return Mono.error(
              Rejected.of(ProblemKind.UNAUTHENTICATED, "the refresh token is not valid"));
        });
  }

  /** Ends a session: the given refresh token's family, or else the caller's own. */
  public Mono<Void> logout(Principal caller, @Nullable String refreshToken) {
    if (refreshToken != null && !refreshToken.isBlank()) {
      return sessions
          .revokeByToken(caller.uId(), secrets.hash(refreshToken), loggedOut(caller.uId(), null))
          .flatMap(found -> found
              ? Mono.<Void>empty()
              : Mono.error(Rejected.invalid("refresh_token", "not a live refresh token of yours")));
    }
    String family = caller.sessionId();
    return family == null
        ? Mono.empty()
        : sessions.revoke(caller.uId(), family, loggedOut(caller.uId(), family));
  }

  private List<AuditEvent> loggedOut(String uId, @Nullable String familyId) {
    return List.of(AuditEvent.of(
        uId, uId, clock.instant(), new AccountEvent.TokenRevoked(familyId, "logout")));
  }

  /**
   * Authenticates a bearer credential: a Kith JWT (identity or access token) of a live session, or a
   * personal access token. Fails with 401.
   */
  public Mono<Principal> authenticate(String bearer) {
    if (bearer.startsWith(PAT_PREFIX)) {
      return pats.authenticate(bearer);
    }
    return Mono.fromCallable(() -> tokens.verify(bearer))
        .flatMap(claims -> claims.sessionId().startsWith(Principal.APPLICATION_PREFIX)
            ? applications
                .exists(claims.uId().substring(Principal.APPLICATION_PREFIX.length()))
                .flatMap(exists -> exists
                    ? Mono.just(new Principal(
                        claims.uId(),
                        claims.username(),
                        claims.roles(),
                        APPLICATION_SCOPES,
                        null,
                        Principal.Credential.APPLICATION))
                    : Mono.error(Rejected.unauthenticated("the application no longer exists")))
            : sessions
                .isActive(claims.uId(), claims.sessionId(), clock.instant())
                .flatMap(active -> active
                    ? Mono.just(new Principal(
                        claims.uId(),
                        claims.username(),
                        claims.roles(),
                        SESSION_SCOPES,
                        claims.sessionId(),
                        Principal.Credential.TOKEN))
                    : Mono.error(Rejected.unauthenticated("the session has ended"))));
  }

  /**
   * {@code grant_type=client_credentials}: tokens for an application that proves its client id and secret,
   * subject {@code app:<a_id>}, role {@code application}, no refresh token; valid while the application exists.
   * The issue is audited on the application's trail (as done by the application); a refusal, the same 401 for
   * an unknown id and a wrong secret, on the trail of the id's keyed hash ({@link AccountEvent#clientFailureSubject}),
   * the same single write either way.
   */
  public Mono<TokenGrant> clientCredentialsGrant(String clientId, String clientSecret) {
    Instant now = clock.instant();
    return applications
        .authenticate(clientId, clientSecret)
        .flatMap(c -> {
          String app = Principal.APPLICATION_PREFIX + c.aId();
          return audit
              .append(List.of(AuditEvent.of(
                  c.aId(), app, now, new AccountEvent.ApplicationTokenIssued(CLIENT_CREDENTIALS))))
              .then(Mono.fromCallable(() -> new TokenGrant(
                  tokens.issue(new TokenSubject(app, c.name(), Set.of("application"), app)),
                  null)));
        })
        .switchIfEmpty(Mono.defer(() -> audit
            .append(List.of(AuditEvent.of(
                clientFailureSubject(secrets, clientId),
                null,
                now,
                new AccountEvent.ApplicationLoginFailed(CLIENT_CREDENTIALS, "invalid_client"))))
            .then(Mono.error(Rejected.unauthenticated("the client credentials are not valid")))));
  }

  /** The subject of the failed client-credential grants of a client id: {@link AccountEvent#clientFailureSubject}. */
  public static String clientFailureSubject(SecretHasher secrets, String clientId) {
    return AccountEvent.clientFailureSubject(secrets.hash(CLIENT_FAILURE_KEY + clientId));
  }

  /**
   * Ends a login whose second factor was just proven ({@code amr}): the session starts if the account may still log
   * in (it exists, is verified, not disabled and has no pending reset), else the same 401 as a wrong password.
   */
  public Mono<TokenGrant> completeLogin(String uId, String grantType, List<String> amr) {
    return accounts
        .findById(uId)
        .filter(a -> a.verified() && !a.disabled() && !a.resetPending())
        .switchIfEmpty(Mono.error(() -> Rejected.unauthenticated("wrong username or password")))
        .flatMap(account -> startSession(account, grantType, amr));
  }

  private Mono<TokenGrant> startSession(Account account, String grantType, List<String> amr) {
    String family = Ids.uuid();
    String refresh = Ids.secret256();
    Instant now = clock.instant();
    return sessions
        .start(
            account.uId(),
            family,
            secrets.hash(refresh),
            now.plus(settings.refreshTtl()),
            now,
            amr,
            List.of(AuditEvent.of(
                account.uId(),
                account.uId(),
                now,
                new AccountEvent.LoggedIn(grantType, family, amr))))
        .then(Mono.fromCallable(
            () -> new TokenGrant(tokens.issue(subject(account, family, amr, now)), refresh)));
  }

  /**
   * {@code grant_type=webauthn}: starts a session for the holder of a passkey whose assertion the caller has
   * verified; {@code amr} (RFC 8176) goes into the tokens. An account that may not log in is refused as the password
   * grant refuses it.
   */
  public Mono<TokenGrant> passkeyGrant(String uId, List<String> amr) {
    return completeLogin(uId, WEBAUTHN, amr);
  }

  /**
   * A failed password login, on the trail of the name's keyed hash (never the name), anonymous: the same write
   * whether or not an account has the name.
   */
  private Mono<Void> loginFailed(String name, String error, Instant now) {
    return audit.append(List.of(AuditEvent.of(
        loginFailureSubject(secrets, name),
        null,
        now,
        new AccountEvent.LoginFailed(PASSWORD, error))));
  }

  /** The subject of the failed logins of a canonical username: see {@link AccountEvent#loginFailureSubject}. */
  public static String loginFailureSubject(SecretHasher secrets, String canonicalUsername) {
    return AccountEvent.loginFailureSubject(secrets.hash(LOGIN_FAILURE_KEY + canonicalUsername));
  }

  private TokenSubject subject(
      Account account, String familyId, List<String> amr, Instant authTime) {
    return new TokenSubject(
        account.uId(),
        account.username(),
        settings.rolesOf(account.username()),
        familyId,
        amr,
        authTime);
  }
}
