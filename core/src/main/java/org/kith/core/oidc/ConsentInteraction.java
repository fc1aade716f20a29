package org.kith.core.oidc;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.kith.core.Ids;
import org.kith.core.Rejected;
import org.kith.core.account.Principal;
import org.kith.core.account.SecretHasher;
import org.kith.core.account.SessionStore;
import org.kith.core.audit.AuditEvent;
import org.kith.core.audit.AuditTrail;
import org.kith.core.audit.OidcEvent;
import org.kith.core.consent.AccessApplication;
import org.kith.core.consent.ApplicationStore;
import org.kith.core.consent.ConsentService;
import org.kith.core.profile.ProfileObject;
import reactor.core.publisher.Mono;

/**
 * The person's side of Kith as an OpenID Provider, after the edge has checked the application's request: the
 * request waits until the person, signed in with a Kith session, answers on the consent page; Allow makes (or
 * extends) a consent instance and a one-time code, Deny makes nothing and tells the application access_denied.
 * The tokens the code becomes are {@link ProviderService}'s.
 */
public final class ConsentInteraction {
  private static final int MAX_CANDIDATES = 50;
  private final AuthorizationStore store;
  private final ConsentService consent;
  private final ApplicationStore apps;
  private final SessionStore sessions;
  private final SecretHasher secrets;
  private final AuditTrail audit;
  private final ProviderSettings settings;
  private final Clock clock;
  private final SessionBindings bindings;
  private final LogoutService logout;

  public ConsentInteraction(
      AuthorizationStore store,
      ConsentService consent,
      ApplicationStore apps,
      SessionStore sessions,
      SecretHasher secrets,
      AuditTrail audit,
      ProviderSettings settings,
      Clock clock,
      SessionBindings bindings,
      LogoutService logout) {
    this.store = store;
    this.consent = consent;
    this.apps = apps;
    this.sessions = sessions;
    this.secrets = secrets;
    this.audit = audit;
    this.settings = settings;
    this.clock = clock;
    this.bindings = bindings;
    this.logout = logout;
  }

  /**
   * What the consent page shows: the application, each requested scope in plain words, the person's objects that
   * can answer them, and whether the person must log in again first ({@code prompt=login}, {@code max_age}).
   */
  public record Request(
      AuthorizationAsk ask,
      AccessApplication app,
      Map<String, String> scopes,
      List<ProfileObject> candidates,
      boolean loginRequired) {}

  /** Where the browser goes next: the redirect URI with a code, or with an error such as access_denied. */
  public record Decision(
      String redirectUri,
      @Nullable String state,
      @Nullable String code,
      @Nullable String error) {}

  /** Stores a checked request until the person answers; its id is the one the page is opened with. */
  public Mono<String> begin(AuthorizationAsk ask) {
    String id = Ids.secret256();
    return store.savePending(id, ask).thenReturn(id);
  }

  /** A new request's expiry. */
  public Instant requestExpiry() {
    return clock.instant().plus(settings.requestTtl());
  }

  public Mono<Request> request(Principal p, String requestId) {
    return person(p)
        .flatMap(authTime -> pending(requestId)
            .flatMap(ask -> apps.find(ask.aId())
                .switchIfEmpty(Mono.error(() -> Rejected.notFound("no such authorization request")))
                .flatMap(app -> candidates(p.uId(), ask.scopes())
                    .map(found -> new Request(
                        ask, app, plainScopes(ask), found, loginRequired(ask, authTime))))));
  }

  /** The person allows: a consent instance sharing {@code nIds} (may be none), and a one-time code. */
  public Mono<Decision> allow(Principal p, String requestId, List<String> nIds) {
    return person(p)
        .flatMap(authTime -> pending(requestId).flatMap(ask -> {
          if (loginRequired(ask, authTime)) {
            return Mono.error(
                Rejected.unauthenticated("the application asks for a fresh login: log in again"));
          }
          return requireOffered(p.uId(), ask.scopes(), nIds)
              .then(Mono.defer(() -> store.takePending(requestId, clock.instant())))
              .switchIfEmpty(Mono.error(() -> Rejected.notFound("no such authorization request")))
              .flatMap(
                  taken -> consent.signIn(p.uId(), taken.aId(), nIds, "OpenID Connect sign-in"))
              .flatMap(instance -> {
                String code = Ids.secret256();
                Instant now = clock.instant();
                CodeGrant grant = new CodeGrant(
                    ask.aId(),
                    ask.clientId(),
                    ask.redirectUri(),
                    ask.codeChallenge(),
                    ask.nonce(),
                    ask.dpopThumbprint(),
                    ask.scopes(),
                    p.uId(),
                    instance.iId(),
                    authTime.at(),
                    authTime.amr(),
                    now.plus(settings.codeTtl()));
                String family = java.util.Objects.requireNonNull(p.sessionId());
                return bindings
                    .bind(new SessionBindings.Binding(
                        secrets.hash(code),
                        logout.sid(family),
                        p.uId(),
                        family,
                        ask.aId(),
                        instance.iId(),
                        now))
                    .then(store.saveCode(
                        secrets.hash(code),
                        grant,
                        List.of(AuditEvent.of(
                            p.uId(),
                            p.uId(),
                            now,
                            new OidcEvent.Allowed(
                                ask.aId(), instance.iId(), List.copyOf(ask.scopes()))))))
                    .thenReturn(new Decision(ask.redirectUri(), ask.state(), code, null));
              });
        }));
  }

  /** The person denies: nothing is shared, the application hears access_denied. */
  public Mono<Decision> deny(Principal p, String requestId) {
    return person(p)
        .flatMap(authTime -> store
            .takePending(requestId, clock.instant())
            .switchIfEmpty(Mono.error(() -> Rejected.notFound("no such authorization request")))
            .flatMap(ask -> audit
                .append(List.of(AuditEvent.of(
                    p.uId(), p.uId(), clock.instant(), new OidcEvent.Denied(ask.aId()))))
                .thenReturn(new Decision(ask.redirectUri(), ask.state(), null, "access_denied"))));
  }

  /** A person signed in with a Kith session (not a personal access token, not an application): their login time. */
  private Mono<org.kith.core.account.SessionStore.Authentication> person(Principal p) {
    if (p.credential() != Principal.Credential.TOKEN || p.sessionId() == null) {
      return Mono.error(
          Rejected.forbidden("answer authorization requests from a signed-in session"));
    }
    return sessions
        .authentication(p.uId(), p.sessionId())
        .switchIfEmpty(Mono.error(() -> Rejected.unauthenticated("the session has ended")));
  }

  private Mono<AuthorizationAsk> pending(String requestId) {
    return store
        .pending(requestId, clock.instant())
        .switchIfEmpty(Mono.error(
            () -> Rejected.notFound("no such authorization request (it may have expired)")));
  }

  private boolean loginRequired(
      AuthorizationAsk ask, org.kith.core.account.SessionStore.Authentication authentication) {
    return loginRequired(
        ask, authentication.at(), ask.expiresAt().minus(settings.requestTtl()), clock.instant());
  }

  /**
   * Whether the person must log in again before answering: {@code prompt=login}, or a login older than
   * {@code max_age}. A login made after the request was asked ({@code asked}) satisfies both, however long the
   * person then takes to answer (else a short {@code max_age} could never be met).
   */
  static boolean loginRequired(AuthorizationAsk ask, Instant authTime, Instant asked, Instant now) {
    if (!authTime.isBefore(asked)) {
      return false;
    }
    return ask.prompt().contains("login")
        || (ask.maxAgeSeconds() != null
            && authTime.plusSeconds(ask.maxAgeSeconds()).isBefore(now));
  }

  private Mono<List<ProfileObject>> candidates(String uId, Set<String> scopes) {
    Set<String> schemas = StandardClaims.schemasFor(scopes);
    if (schemas.isEmpty()) {
      return Mono.just(List.of());
    }
    return consent.offer(uId, schemas, MAX_CANDIDATES).collectList();
  }

  /**
   * Only objects the consent page offers for these scopes may be given. Anything else (another schema, someone
   * else's object, an unknown id) is the same 400, so the answer tells nothing about objects the person may not see.
   */
  private Mono<Void> requireOffered(String uId, Set<String> scopes, List<String> nIds) {
    if (nIds.isEmpty()) {
      return Mono.empty();
    }
    Set<String> schemas = StandardClaims.schemasFor(scopes);
    return (schemas.isEmpty()
            ? Mono.just(Set.<String>of())
            : consent
                .offer(uId, schemas, ConsentService.MAX_SHARED)
                .map(ProfileObject::nId)
                .collect(java.util.stream.Collectors.toSet()))
        .flatMap(offered -> {
          List<String> outside =
              nIds.stream().filter(n -> !offered.contains(n)).distinct().toList();
          return outside.isEmpty()
              ? Mono.<Void>empty()
              : Mono.error(Rejected.invalid(
                  "profile_objects",
                  "only what the consent page offers for the requested scopes may be given, not "
                      + String.join(", ", outside)));
        });
  }

  private static Map<String, String> plainScopes(AuthorizationAsk ask) {
    Map<String, String> out = new LinkedHashMap<>();
    StandardClaims.SCOPES.forEach((scope, words) -> {
      if (ask.scopes().contains(scope)) {
        out.put(scope, words);
      }
    });
    return out;
  }
}
