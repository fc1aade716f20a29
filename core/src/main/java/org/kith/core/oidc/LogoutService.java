package org.kith.core.oidc;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.kith.core.Digests;
import org.kith.core.Ids;
import org.kith.core.Rejected;
import org.kith.core.account.Principal;
import org.kith.core.account.SecretHasher;
import org.kith.core.account.SessionStore;
import org.kith.core.audit.AccountEvent;
import org.kith.core.audit.AuditEvent;
import org.kith.core.audit.AuditTrail;
import org.kith.core.audit.OidcEvent;
import org.kith.core.consent.AccessApplication;
import org.kith.core.consent.ApplicationStore;
import org.kith.core.consent.OutboxEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Logout at the OpenID Provider. RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0): the request is
 * checked first ({@link #check}: a hint must verify, a {@code post_logout_redirect_uri} must be exactly the
 * application's registered {@code logout_uri}, else a plain refusal and never a redirect); then the person's browser
 * brings it to Kith's page with the person's own session ({@link #logout}). The rule: a logout request only ever ends
 * the session that carries it. When the hint's {@code sid} names that very session it ends at once; otherwise (no
 * hint, or an ID token of another session) only after the person confirms on the page. A request that carries no
 * Kith session ends nothing. Back-channel logout (OpenID Connect Back-Channel Logout 1.0): when a session ends, or a
 * consent instance is withdrawn, every application with a {@code logout_uri} that the person signed in to through it
 * gets a logout token, queued in the durable outbox.
 */
public final class LogoutService {
  /** The outbox action method of a back-channel logout notice. */
  public static final String METHOD = "backchannel_logout";

  private static final String SID_DOMAIN = "kith-oidc-sid:";

  private final SessionBindings bindings;
  private final SessionStore sessions;
  private final ApplicationStore apps;
  private final LogoutTokens tokens;
  private final SecretHasher secrets;
  private final AuditTrail audit;
  private final Clock clock;

  public LogoutService(
      SessionBindings bindings,
      SessionStore sessions,
      ApplicationStore apps,
      LogoutTokens tokens,
      SecretHasher secrets,
      AuditTrail audit,
      Clock clock) {
    this.bindings = bindings;
    this.sessions = sessions;
    this.apps = apps;
    this.tokens = tokens;
    this.secrets = secrets;
    this.audit = audit;
    this.clock = clock;
  }

  /** A checked logout request; {@code app} is known when a client id or a hint named it. */
  public record Request(
      @Nullable AccessApplication app,
      @Nullable String hintSid,
      @Nullable String redirectUri,
      @Nullable String state) {}

  /**
   * What happened: the session ended, or the person must confirm first; where the browser goes next (the
   * registered URI with the state) if the application asked for it.
   */
  public record Outcome(
      boolean ended,
      boolean confirmationRequired,
      @Nullable String applicationName,
      @Nullable String redirectUri,
      @Nullable String state) {}

  /** The {@code sid} of a Kith session in ID tokens: a keyed hash of the session's id, the same for every client. */
  public String sid(String familyId) {
    return secrets.hash(SID_DOMAIN + familyId);
  }

  /** Checks an RP-initiated logout request; 400 (a problem, never a redirect) for anything wrong. */
  public Mono<Request> check(
      @Nullable String idTokenHint,
      @Nullable String clientId,
      @Nullable String redirectUri,
      @Nullable String state) {
    return Mono.defer(() -> {
      LogoutTokens.Hint hint = blank(idTokenHint) ? null : tokens.hint(idTokenHint);
      if (hint != null && !blank(clientId) && !hint.audience().contains(clientId)) {
        return Mono.error(
            Rejected.invalid("client_id", "the id_token_hint was not issued to this client_id"));
      }
      String client = !blank(clientId)
          ? clientId
          : hint != null && hint.audience().size() == 1 ? hint.audience().get(0) : null;
      Mono<AccessApplication> app = client == null
          ? Mono.empty()
          : apps.findByKey(client)
              .map(ApplicationStore.Credentials::app)
              .switchIfEmpty(Mono.error(
                  () -> Rejected.invalid("client_id", "no application has this client_id")));
      return app.map(java.util.Optional::of)
          .defaultIfEmpty(java.util.Optional.empty())
          .flatMap(found -> {
            AccessApplication a = found.orElse(null);
            if (!blank(redirectUri)
                && (a == null || a.logoutUri() == null || !a.logoutUri().equals(redirectUri))) {
              return Mono.error(
                  Rejected.invalid(
                      "post_logout_redirect_uri",
                      "post_logout_redirect_uri must be exactly the application's registered logout_uri"));
            }
            return Mono.just(new Request(
                a,
                hint == null ? null : hint.sid(),
                blank(redirectUri) ? null : redirectUri,
                blank(state) ? null : state));
          });
    });
  }

  /**
   * The person's own session {@code p} carries the checked request: it ends if the hint names it or the person
   * {@code confirmed}; otherwise the answer asks for confirmation.
   */
  public Mono<Outcome> logout(Principal p, Request r, boolean confirmed) {
    if (p.credential() != Principal.Credential.TOKEN || p.sessionId() == null) {
      return Mono.error(Rejected.forbidden("log out from a signed-in session"));
    }
    String family = p.sessionId();
    boolean sameSession = r.hintSid() != null && Digests.same(r.hintSid(), sid(family));
    String name = r.app() == null ? null : r.app().name();
    if (!sameSession && !confirmed) {
      return Mono.just(new Outcome(false, true, name, r.redirectUri(), r.state()));
    }
    Instant now = clock.instant();
    List<AuditEvent> events = new ArrayList<>();
    events.add(
        AuditEvent.of(p.uId(), p.uId(), now, new AccountEvent.TokenRevoked(family, "logout")));
    events.add(AuditEvent.of(
        p.uId(),
        p.uId(),
        now,
        new OidcEvent.LoggedOut(
            r.app() == null ? "" : r.app().aId(), sameSession ? "same_session" : "confirmed")));
    return sessions
        .revoke(p.uId(), family, events)
        .then(sessionEnded(p.uId(), family))
        .thenReturn(new Outcome(true, false, name, r.redirectUri(), r.state()));
  }

  /** A Kith session ended: the applications signed in to through it hear so. */
  public Mono<Void> sessionEnded(String uId, String familyId) {
    return notify(bindings.ofSession(uId, familyId), "session_end");
  }

  /** A consent instance was withdrawn: the applications signed in to under it hear so. */
  public Mono<Void> instanceWithdrawn(String iId) {
    return notify(bindings.ofInstance(iId), "withdrawal");
  }

  private Mono<Void> notify(Flux<SessionBindings.Binding> found, String reason) {
    Instant now = clock.instant();
    return found
        .collectList()
        .flatMap(list -> {
          Map<String, SessionBindings.Binding> distinct = new LinkedHashMap<>();
          list.forEach(b -> distinct.putIfAbsent(b.aId() + " " + b.sid(), b));
          return Flux.fromIterable(distinct.values())
              .concatMap(b ->
                  apps.find(b.aId()).filter(a -> a.logoutUri() != null).map(a -> notice(a, b, now)))
              .collectList();
        })
        .flatMap(events -> events.isEmpty()
            ? Mono.empty()
            : bindings
                .enqueue(events)
                .then(audit.append(events.stream()
                    .map(e -> AuditEvent.of(
                        e.iId(), null, now, new OidcEvent.BackChannelLogoutQueued(e.aId(), reason)))
                    .toList())));
  }

  private OutboxEvent notice(AccessApplication a, SessionBindings.Binding b, Instant now) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("client_id", a.key());
    payload.put("sub", PairwiseSubjects.of(secrets, a.aId(), b.uId()));
    payload.put("sid", b.sid());
    return new OutboxEvent(
        Ids.uuid(),
        b.iId(),
        a.aId(),
        Map.of("method", METHOD, "url", a.logoutUri()),
        payload,
        0,
        now,
        OutboxEvent.PENDING,
        null,
        now);
  }

  /** The signed logout token of a queued notice (signed at each delivery attempt, with the notice's id as jti). */
  public String logoutToken(OutboxEvent e) {
    return tokens.logoutToken(new LogoutTokens.Notice(
        String.valueOf(e.payload().get("client_id")),
        String.valueOf(e.payload().get("sub")),
        String.valueOf(e.payload().get("sid")),
        e.eventId(),
        clock.instant()));
  }

  private static boolean blank(@Nullable String s) {
    return s == null || s.isBlank();
  }
}
