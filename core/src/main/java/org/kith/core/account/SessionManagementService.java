package org.kith.core.account;

import java.time.Clock;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.kith.core.Rejected;
import org.kith.core.audit.AccountEvent;
import org.kith.core.audit.AuditEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A person's sessions: listing them with the device each started from, ending one or all others, and the email
 * that tells the holder of a login from a device (user agent and address prefix) the account never used.
 * Ending a session revokes its refresh-token family, so its refresh tokens die and its access tokens are refused
 * at once ({@link SessionStore#isActive}). Audited as {@link AccountEvent.TokenRevoked} with the reason
 * {@code session_end} or {@code sessions_end_others}.
 */
public final class SessionManagementService {
  private static final System.Logger LOG =
      System.getLogger(SessionManagementService.class.getName());
  /** The most sessions listed; an account with more has its most recently used ones shown. */
  public static final int MAX_LISTED = 200;

  private static final int MAX_USER_AGENT = 256;

  private final SessionRegistry registry;
  private final SecretHasher secrets;
  private final Mailer mailer;
  private final AccountSettings settings;
  private final Clock clock;

  public SessionManagementService(
      SessionRegistry registry,
      SecretHasher secrets,
      Mailer mailer,
      AccountSettings settings,
      Clock clock) {
    this.registry = registry;
    this.secrets = secrets;
    this.mailer = mailer;
    this.settings = settings;
    this.clock = clock;
  }

  /** The caller's live sessions. */
  public Flux<SessionRegistry.Session> list(Principal caller) {
    return Flux.defer(() -> registry.live(requirePerson(caller), clock.instant(), MAX_LISTED));
  }

  /** The ids of an account's live sessions (at most {@link #MAX_LISTED}), for the notices of their end. */
  public Flux<String> liveIds(String uId) {
    return Flux.defer(
        () -> registry.live(uId, clock.instant(), MAX_LISTED).map(SessionRegistry.Session::id));
  }

  /** Ends one of the caller's sessions; 404 (the same for another person's and an unknown id) if not live. */
  public Mono<Void> end(Principal caller, String sessionId) {
    return Mono.defer(() -> {
      String uId = requirePerson(caller);
      List<AuditEvent> audit = List.of(AuditEvent.of(
          uId,
          caller.uId(),
          clock.instant(),
          new AccountEvent.TokenRevoked(sessionId, "session_end")));
      return registry
          .end(uId, sessionId, audit)
          .flatMap(ended -> ended
              ? Mono.<Void>empty()
              : Mono.error(Rejected.notFound("no session " + sessionId)));
    });
  }

  /** Ends every session of the caller but the one the caller's token belongs to; the number ended. */
  public Mono<Long> endOthers(Principal caller) {
    return Mono.defer(() -> {
      String uId = requirePerson(caller);
      List<AuditEvent> audit = List.of(AuditEvent.of(
          uId, uId, clock.instant(), new AccountEvent.TokenRevoked(null, "sessions_end_others")));
      return registry.endOthers(uId, caller.sessionId(), audit);
    });
  }

  /**
   * After a login that issued {@code refreshToken}: records the device, and emails the holder if the account
   * had sessions before but none from this device. A mail that cannot be sent does not undo the login.
   */
  public Mono<Void> loggedIn(String refreshToken, String userAgent, String network) {
    String agent = printable(userAgent);
    return registry
        .describe(secrets.hash(refreshToken), agent, network)
        .filter(l -> l.newDevice() && !l.firstLogin())
        .flatMap(l -> mailer
            .send(new Mailer.Email(
                l.username(), "New sign-in to your Kith account", body(agent, network)))
            .onErrorResume(e -> {
              LOG.log(System.Logger.Level.WARNING, "could not send the new-device email: " + e);
              return Mono.empty();
            }))
        .then();
  }

  private String body(String agent, String network) {
    return "Your Kith account was just signed in to from a device it has not been used from before:\n\n"
        + "  device:  "
        + (agent.isEmpty() ? "(unnamed)" : agent)
        + "\n  network: "
        + network
        + "\n  time:    "
        + clock.instant()
        + "\n\nIf this was you, there is nothing to do. If not, change your password and end the session"
        + " on your account page:\n"
        + settings.linkBase()
        + "/account\n";
  }

  /** The user agent as shown in lists and emails: printable ASCII only, at most 256 characters. */
  static String printable(@Nullable String userAgent) {
    if (userAgent == null) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    userAgent
        .codePoints()
        .limit(MAX_USER_AGENT)
        .forEach(c -> out.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
    return out.toString().strip();
  }

  /** Sessions are the account's: a credential with the {@code account} scope (never an application's). */
  private static String requirePerson(Principal caller) {
    AccountService.requireAccountScope(caller);
    return caller.uId();
  }
}
