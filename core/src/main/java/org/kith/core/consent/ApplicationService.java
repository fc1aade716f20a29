package org.kith.core.consent;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.kith.core.Digests;
import org.kith.core.FieldError;
import org.kith.core.Ids;
import org.kith.core.Rejected;
import org.kith.core.WebLinks;
import org.kith.core.account.SecretHasher;
import org.kith.core.audit.AuditEvent;
import org.kith.core.audit.ConsentEvent;
import org.kith.core.net.OutboundTargets;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Access applications: any user creates one and administers it; only its administrators see or change it (others
 * get 404). The secret is shown once, at creation, and stored as a hash; apps authenticate with key and secret.
 * Thread-safe.
 */
public final class ApplicationService {
  static final String KEY_PREFIX = "kith_app_";

  private final ApplicationStore apps;
  private final SecretHasher secrets;
  private final Clock clock;

  private final java.util.function.BiFunction<String, String, Mono<Boolean>> orgAdmin;
  private final OutboundTargets webhookTargets;

  /**
   * @param orgAdmin whether a user administers an organisation, for applications that belong to one
   * @param webhookTargets where transitions' webhooks may point (judged at registration for IP-address hosts)
   */
  public ApplicationService(
      ApplicationStore apps,
      SecretHasher secrets,
      Clock clock,
      java.util.function.BiFunction<String, String, Mono<Boolean>> orgAdmin,
      OutboundTargets webhookTargets) {
    this.orgAdmin = orgAdmin;
    this.webhookTargets = webhookTargets;
    this.apps = apps;
    this.secrets = secrets;
    this.clock = clock;
  }

  /** A created application, its client secret if one was asked for, and its webhook signing secret (both shown once). */
  public record Created(AccessApplication app, @Nullable String secret, String webhookSecret) {}

  public Mono<Created> create(String uId, NewApplication request) {
    Mono<Boolean> allowed =
        request.orgId() == null ? Mono.just(true) : orgAdmin.apply(uId, request.orgId());
    return allowed
        .flatMap(ok -> ok
            ? Mono.<Void>empty()
            : Mono.error(
                Rejected.forbidden("only the organisation's admins create its applications")))
        .then(Mono.defer(() -> {
          Checked c = check(request);
          String secret = request.generateSecret() ? Ids.secret256() : null;
          AccessApplication app = new AccessApplication(
              Ids.uuid(),
              c.name,
              request.description(),
              c.scopes,
              c.callbacks,
              c.logout,
              request.picture(),
              c.transitions.source(),
              c.tags,
              c.theme,
              KEY_PREFIX + Ids.uuid().replace("-", ""),
              uId,
              request.orgId(),
              clock.instant(),
              request.clientAuth(),
              Boolean.TRUE.equals(request.requirePar()),
              Boolean.TRUE.equals(request.requireDpop()));
          String webhookSecret = Ids.webhookSecret();
          return apps.create(
                  app,
                  secret == null ? null : secrets.hash(secret),
                  webhookSecret,
                  List.of(event(app.aId(), uId, new ConsentEvent.ApplicationCreated(app.name()))))
              .map(created -> new Created(created, secret, webhookSecret));
        }));
  }

  /** The most applications one page lists; a caller asks for one more to learn whether another page follows. */
  public static final int MAX_LISTED = 1_000;

  /** A page of the applications {@code uId} administers, by name (see {@link ApplicationStore#administeredBy}). */
  public Flux<AccessApplication> administeredBy(
      String uId, ApplicationStore.@Nullable After after, int limit) {
    return apps.administeredBy(uId, after, Math.min(Math.max(limit, 1), MAX_LISTED + 1));
  }

  /** The application, for its administrators; 404 for everyone else. */
  public Mono<AccessApplication> get(String uId, String aId) {
    return apps.isAdmin(aId, uId)
        .flatMap(admin -> admin ? apps.find(aId) : Mono.<AccessApplication>empty())
        .switchIfEmpty(Mono.error(() -> Rejected.notFound("no such application")));
  }

  /**
   * What a data owner sees before sharing with an application (any signed-in user who has its id): the
   * application as its consent screen shows it. Secrets, keys and transitions are not part of it.
   */
  public Mono<AccessApplication> consentView(String aId) {
    return apps.find(aId).switchIfEmpty(Mono.error(() -> Rejected.notFound("no such application")));
  }

  public Mono<AccessApplication> update(String uId, String aId, NewApplication request) {
    return get(uId, aId).flatMap(old -> {
      Checked c = check(request);
      AccessApplication app = new AccessApplication(
          aId,
          c.name,
          request.description(),
          c.scopes,
          c.callbacks,
          c.logout,
          request.picture(),
          c.transitions.source(),
          c.tags,
          c.theme,
          old.key(),
          old.ownerUId(),
          old.orgId(),
          old.createdAt(),
          request.clientAuth(),
          request.requirePar() == null ? old.requirePar() : request.requirePar(),
          request.requireDpop() == null ? old.requireDpop() : request.requireDpop());
      return apps.update(
          app, List.of(event(aId, uId, new ConsentEvent.ApplicationUpdated(app.name()))));
    });
  }

  /**
   * Deletes the application; each of its instances still active ends with it, audited on the instance's trail
   * ({@code instance_end}, reason {@code application_deleted}) in the same transaction.
   */
  public Mono<Void> delete(String uId, String aId) {
    return get(uId, aId).then(Mono.defer(() -> {
      java.time.Instant now = clock.instant();
      return apps.delete(
          aId,
          List.of(AuditEvent.of(aId, uId, now, new ConsentEvent.ApplicationDeleted())),
          now,
          (iId, state) -> AuditEvent.of(
              iId, uId, now, new ConsentEvent.InstanceEnded(state, "application_deleted")));
    }));
  }

  /** A new webhook signing secret and until when the one it replaced still signs. */
  public record RotatedSecret(String secret, java.time.Instant previousValidUntil) {}

  /** Where the application receives its instances' events, for its administrators; 404 if none is set. */
  public Mono<WebhookEndpoint> webhook(String uId, String aId) {
    return get(uId, aId)
        .then(apps.webhook(aId))
        .switchIfEmpty(Mono.error(() -> Rejected.notFound("the application has no webhook")));
  }

  /**
   * Sets where the application receives the events of {@code types} (all of {@link ApplicationEvents#TYPES} if
   * null): an https URL (http only for localhost) to an address webhooks may reach.
   */
  public Mono<WebhookEndpoint> setWebhook(
      String uId, String aId, @Nullable String url, @Nullable List<String> types) {
    return get(uId, aId).flatMap(app -> {
      List<FieldError> errors = new ArrayList<>();
      addProblem(errors, "url", Transitions.webhookProblem(url, webhookTargets));
      List<String> events = types == null ? ApplicationEvents.TYPES : List.copyOf(types);
      if (events.isEmpty()
          || events.size() > ApplicationEvents.TYPES.size()
          || !ApplicationEvents.TYPES.containsAll(events)
          || new java.util.HashSet<>(events).size() != events.size()) {
        errors.add(new FieldError(
            "events", "a list of distinct event types among " + ApplicationEvents.TYPES));
      }
      if (!errors.isEmpty()) {
        return Mono.error(Rejected.invalid("the webhook is not valid", errors));
      }
      java.time.Instant now = clock.instant();
      return apps.webhook(aId)
          .map(w -> java.util.Optional.ofNullable(w.secretRotatedAt()))
          .defaultIfEmpty(java.util.Optional.empty())
          .flatMap(rotated -> {
            WebhookEndpoint endpoint = new WebhookEndpoint(
                java.util.Objects.requireNonNull(url), events, now, rotated.orElse(null));
            return apps.setWebhook(
                    aId,
                    endpoint,
                    List.of(event(aId, uId, new ConsentEvent.WebhookSet(url, events))))
                .thenReturn(endpoint);
          });
    });
  }

  /** Removes the application's webhook endpoint; events not yet delivered become dead letters. */
  public Mono<Void> removeWebhook(String uId, String aId) {
    return webhook(uId, aId)
        .flatMap(w -> apps.setWebhook(
            aId, null, List.of(event(aId, uId, new ConsentEvent.WebhookRemoved()))));
  }

  /**
   * A new webhook signing secret, shown only in this answer; the one it replaces signs each delivery too (a second
   * {@code v1} signature) until {@code overlap} has passed, so receivers can switch without losing an event.
   */
  public Mono<RotatedSecret> rotateWebhookSecret(
      String uId, String aId, java.time.Duration overlap) {
    return get(uId, aId).flatMap(app -> {
      String secret = Ids.webhookSecret();
      java.time.Instant now = clock.instant();
      return apps.rotateWebhookSecret(
              aId,
              secret,
              now.plus(overlap),
              now,
              List.of(event(aId, uId, new ConsentEvent.WebhookSecretRotated())))
          .thenReturn(new RotatedSecret(secret, now.plus(overlap)));
    });
  }

  /** The application whose key and secret these are; the same 401 for an unknown key or a wrong secret. */
  public Mono<AccessApplication> authenticate(String key, String secret) {
    Rejected wrong = Rejected.unauthenticated("the client credentials are not valid");
    if (!key.startsWith(KEY_PREFIX)
        || key.length() > 100
        || secret.isEmpty()
        || secret.length() > 200) {
      return Mono.error(wrong);
    }
    return apps.findByKey(key)
        .filter(
            c -> !c.secretHash().isEmpty() && Digests.same(secrets.hash(secret), c.secretHash()))
        .map(ApplicationStore.Credentials::app)
        .switchIfEmpty(Mono.error(wrong));
  }

  /**
   * A public client (OAuth 2.0 §2.1): the application with this key when it has no secret, so it may only use
   * flows that PKCE protects; empty for an unknown key or an application that must authenticate.
   */
  public Mono<AccessApplication> publicClient(String key) {
    if (!key.startsWith(KEY_PREFIX) || key.length() > 100) {
      return Mono.empty();
    }
    return apps.findByKey(key)
        .filter(c -> c.secretHash().isEmpty())
        .map(ApplicationStore.Credentials::app);
  }

  /** The application with this key (a client id), whether or not it has a secret. */
  public Mono<AccessApplication> byKey(String key) {
    if (!key.startsWith(KEY_PREFIX) || key.length() > 100) {
      return Mono.empty();
    }
    return apps.findByKey(key).map(ApplicationStore.Credentials::app);
  }

  private record Checked(
      String name,
      List<String> scopes,
      List<String> callbacks,
      @Nullable String logout,
      Transitions transitions,
      List<String> tags,
      Map<String, Object> theme) {}

  private Checked check(NewApplication r) {
    List<FieldError> errors = new ArrayList<>();
    String name = r.name() == null ? "" : r.name().strip();
    if (name.isEmpty() || name.length() > 200) {
      errors.add(new FieldError("name", "name must have 1 to 200 characters"));
    }
    List<String> scopes = r.scopes() == null ? List.of() : r.scopes();
    List<String> callbacks = r.callbackUri() == null ? List.of() : r.callbackUri();
    if (scopes.size() > 100 || callbacks.size() > 20) {
      errors.add(new FieldError("scopes", "at most 100 scopes and 20 callback URIs"));
    }
    for (int i = 0; i < callbacks.size(); i++) {
      addProblem(errors, "callback_uri/" + i, WebLinks.redirectProblem(callbacks.get(i)));
    }
    if (r.logoutUri() != null) {
      addProblem(errors, "logout_uri", WebLinks.redirectProblem(r.logoutUri()));
    }
    if (r.picture() != null) {
      addProblem(errors, "picture", WebLinks.pictureProblem(r.picture()));
    }
    String jwksUri = r.clientAuth().jwksUri();
    if (jwksUri != null) {
      addProblem(errors, "jwks_uri", ClientAuth.jwksUriProblem(jwksUri, webhookTargets));
      if (r.clientAuth().jwks() != null) {
        errors.add(new FieldError("jwks", "give jwks or jwks_uri, not both"));
      }
    }
    if (!errors.isEmpty()) {
      throw Rejected.invalid("the application is not valid", errors);
    }
    Transitions transitions = r.transitions() == null
        ? Transitions.none()
        : Transitions.of(r.transitions(), webhookTargets);
    return new Checked(
        name,
        scopes,
        callbacks,
        r.logoutUri(),
        transitions,
        r.tags() == null ? List.of() : r.tags(),
        r.theme() == null ? Map.of() : r.theme());
  }

  private static void addProblem(List<FieldError> errors, String field, @Nullable String problem) {
    if (problem != null) {
      errors.add(new FieldError(field, problem));
    }
  }

  private AuditEvent event(String aId, String uId, ConsentEvent detail) {
    return AuditEvent.of(aId, uId, clock.instant(), detail);
  }
}
