package org.kith.core.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.core.FieldError;
import org.kith.core.ProblemKind;
import org.kith.core.Rejected;
import org.kith.core.audit.AuditEvent;
import org.kith.core.net.OutboundTargets;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

@DisplayName("access applications")
class ApplicationServiceTests {
  private static final Instant NOW = Instant.parse("2026-02-01T00:00:00Z");

  /** Applications in memory; the creator administers its application. Writes happen on subscription. */
  static final class MemoryApps implements ApplicationStore {
    final Map<String, AccessApplication> apps = new HashMap<>();
    final Map<String, String> secretHashes = new HashMap<>();
    final Set<String> admins = new HashSet<>();

    @Override
    public Mono<AccessApplication> create(
        AccessApplication app,
        @Nullable String secretHash,
        String webhookSecret,
        List<AuditEvent> audit) {
      return Mono.fromCallable(() -> {
        apps.put(app.aId(), app);
        secretHashes.put(app.aId(), secretHash == null ? "" : secretHash);
        admins.add(app.aId() + "/" + app.ownerUId());
        return app;
      });
    }

    final Map<String, WebhookEndpoint> webhooks = new java.util.concurrent.ConcurrentHashMap<>();
    final Map<String, List<String>> webhookSecrets = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public Mono<List<String>> webhookSecrets(String aId, java.time.Instant now) {
      return Mono.defer(() -> apps.containsKey(aId)
          ? Mono.just(webhookSecrets.getOrDefault(aId, List.of("whsec-" + aId)))
          : Mono.<List<String>>empty());
    }

    @Override
    public Mono<WebhookEndpoint> webhook(String aId) {
      return Mono.defer(() -> Mono.justOrEmpty(webhooks.get(aId)));
    }

    @Override
    public Mono<Void> setWebhook(
        String aId, @Nullable WebhookEndpoint endpoint, List<AuditEvent> audit) {
      return Mono.fromRunnable(() -> {
        if (endpoint == null) {
          webhooks.remove(aId);
        } else {
          webhooks.put(aId, endpoint);
        }
      });
    }

    @Override
    public Mono<Void> rotateWebhookSecret(
        String aId,
        String secret,
        java.time.Instant previousUntil,
        java.time.Instant now,
        List<AuditEvent> audit) {
      return Mono.fromRunnable(() -> webhookSecrets.put(
          aId,
          List.of(
              secret, webhookSecrets.getOrDefault(aId, List.of("whsec-" + aId)).get(0))));
    }

    @Override
    public Mono<AccessApplication> find(String aId) {
      return Mono.defer(() -> Mono.justOrEmpty(apps.get(aId)));
    }

    @Override
    public Mono<Credentials> findByKey(String key) {
      return Flux.fromIterable(apps.values())
          .filter(a -> a.key().equals(key))
          .next()
          .map(a -> new Credentials(a, secretHashes.get(a.aId())));
    }

    @Override
    public Flux<AccessApplication> administeredBy(
        String uId, ApplicationStore.@Nullable After after, int limit) {
      return Flux.fromIterable(apps.values()).filter(a -> admins.contains(a.aId() + "/" + uId));
    }

    @Override
    public Mono<Boolean> isAdmin(String aId, String uId) {
      return Mono.fromCallable(() -> admins.contains(aId + "/" + uId));
    }

    @Override
    public Mono<AccessApplication> update(AccessApplication app, List<AuditEvent> audit) {
      return Mono.fromCallable(() -> {
        apps.put(app.aId(), app);
        return app;
      });
    }

    @Override
    public Mono<Void> delete(
        String aId,
        List<AuditEvent> audit,
        java.time.Instant now,
        java.util.function.BiFunction<String, String, AuditEvent> instanceEnded) {
      return Mono.fromRunnable(() -> apps.remove(aId));
    }
  }

  private final MemoryApps store = new MemoryApps();
  private final ApplicationService service = new ApplicationService(
      store,
      s -> "h(" + s + ")",
      Clock.fixed(NOW, ZoneOffset.UTC),
      (uId, orgId) -> Mono.just(uId.equals("orgadmin")),
      OutboundTargets.globalOnly());

  private static NewApplication app(
      @Nullable String name,
      @Nullable List<String> callbacks,
      @Nullable String logout,
      @Nullable String picture) {
    return new NewApplication(
        name, "desc", List.of("read"), callbacks, logout, picture, null, null, null, true, null);
  }

  private static void invalid(Mono<?> mono, String... fields) {
    StepVerifier.create(mono).verifyErrorSatisfies(e -> {
      assertThat(((Rejected) e).kind()).isEqualTo(ProblemKind.VALIDATION);
      assertThat(((Rejected) e).errors()).extracting(FieldError::path).containsExactly(fields);
    });
  }

  @Test
  @DisplayName(
      "a created application gets a prefixed key, a one-time secret stored only as its hash")
  void create() {
    ApplicationService.Created created = service
        .create("alice", app(" Shop ", List.of("https://shop.example/cb"), null, null))
        .block();
    assertThat(created).isNotNull();
    AccessApplication a = created.app();
    assertThat(a.name()).isEqualTo("Shop");
    assertThat(a.key()).startsWith(ApplicationService.KEY_PREFIX).doesNotContain("-");
    assertThat(a.ownerUId()).isEqualTo("alice");
    assertThat(a.createdAt()).isEqualTo(NOW);
    assertThat(created.secret()).isNotBlank();
    assertThat(created.webhookSecret()).isNotBlank().isNotEqualTo(created.secret());
    assertThat(store.secretHashes.get(a.aId())).isEqualTo("h(" + created.secret() + ")");
    assertThat(service.authenticate(a.key(), created.secret()).block()).isEqualTo(a);
  }

  @Test
  @DisplayName("without generate_secret there is no secret, and the key alone never authenticates")
  void noSecret() {
    NewApplication request =
        new NewApplication("Shop", null, null, null, null, null, null, null, null, false, null);
    ApplicationService.Created created = service.create("alice", request).block();
    assertThat(created).isNotNull();
    assertThat(created.secret()).isNull();
    StepVerifier.create(service.authenticate(created.app().key(), "h()"))
        .verifyErrorSatisfies(
            e -> assertThat(((Rejected) e).kind()).isEqualTo(ProblemKind.UNAUTHENTICATED));
  }

  @Test
  @DisplayName("a wrong secret, an unknown key and malformed credentials get the same 401")
  void authenticate() {
    ApplicationService.Created created =
        service.create("alice", app("Shop", null, null, null)).block();
    assertThat(created).isNotNull();
    String key = created.app().key();
    for (String[] pair : new String[][] {
      {key, "wrong"},
      {ApplicationService.KEY_PREFIX + "unknown", "x"},
      {"other_" + key, created.secret()},
      {key, ""},
      {key, "s".repeat(201)},
      {ApplicationService.KEY_PREFIX + "k".repeat(100), "x"}
    }) {
      StepVerifier.create(service.authenticate(pair[0], pair[1]))
          .verifyErrorSatisfies(e -> assertThat(e)
              .isInstanceOf(Rejected.class)
              .hasMessage("the client credentials are not valid"));
    }
  }

  @Test
  @DisplayName("every invalid field is reported at once, by its path")
  void validation() {
    invalid(
        service.create(
            "alice",
            app(
                " ",
                List.of(
                    "https://ok.example/cb", "http://shop.example/cb", "https://shop.example/cb#x"),
                "javascript:alert(1)",
                "data:image/svg+xml;base64,PHN2Zz4=")),
        "name",
        "callback_uri/1",
        "callback_uri/2",
        "logout_uri",
        "picture");
    invalid(service.create("alice", app("x".repeat(201), null, null, null)), "name");
    assertThat(store.apps).isEmpty();
  }

  @Test
  @DisplayName("at most 100 scopes and 20 callback URIs")
  void limits() {
    List<String> twenty = java.util.stream.IntStream.range(0, 20)
        .mapToObj(i -> "https://shop.example/cb" + i)
        .toList();
    assertThat(service.create("alice", app("Shop", twenty, null, null)).block()).isNotNull();
    List<String> twentyOne = new java.util.ArrayList<>(twenty);
    twentyOne.add("https://shop.example/cb20");
    invalid(service.create("alice", app("Shop", twentyOne, null, null)), "scopes");
    List<String> scopes =
        java.util.stream.IntStream.range(0, 101).mapToObj(i -> "s" + i).toList();
    invalid(
        service.create(
            "alice",
            new NewApplication(
                "Shop", null, scopes, null, null, null, null, null, null, false, null)),
        "scopes");
  }

  @Test
  @DisplayName("invalid transitions are refused; valid ones are kept as given")
  void transitions() {
    List<Map<String, Object>> raw = List.of(
        Map.of("state", "Submitted", "next_states", List.of(Map.of("state", "Approved"))),
        Map.of("state", "Approved"));
    NewApplication good =
        new NewApplication("Shop", null, null, null, null, null, raw, null, null, false, null);
    assertThat(service.create("alice", good).block())
        .extracting(c -> c.app().transitions())
        .isEqualTo(raw);
    NewApplication bad = new NewApplication(
        "Shop",
        null,
        null,
        null,
        null,
        null,
        List.of(Map.of("state", "Withdrawn")),
        null,
        null,
        false,
        null);
    invalid(service.create("alice", bad), "transitions/0/state");
  }

  @Test
  @DisplayName("only the organisation's admins create its applications")
  void organisation() {
    NewApplication forOrg =
        new NewApplication("Shop", null, null, null, null, null, null, null, null, false, "org-1");
    StepVerifier.create(service.create("alice", forOrg))
        .verifyErrorSatisfies(
            e -> assertThat(((Rejected) e).kind()).isEqualTo(ProblemKind.FORBIDDEN));
    assertThat(service.create("orgadmin", forOrg).block())
        .extracting(c -> c.app().orgId())
        .isEqualTo("org-1");
  }

  @Test
  @DisplayName(
      "only administrators see, change or delete an application (others get 404); key and owner stay")
  void administration() {
    AccessApplication a =
        service.create("alice", app("Shop", null, null, null)).map(c -> c.app()).block();
    assertThat(a).isNotNull();
    for (Mono<?> attempt : List.of(
        service.get("bob", a.aId()),
        service.update("bob", a.aId(), app("X", null, null, null)),
        service.delete("bob", a.aId()))) {
      StepVerifier.create(attempt)
          .verifyErrorSatisfies(
              e -> assertThat(((Rejected) e).kind()).isEqualTo(ProblemKind.NOT_FOUND));
    }
    assertThat(service.consentView(a.aId()).block()).isEqualTo(a);
    AccessApplication renamed =
        service.update("alice", a.aId(), app("Shop 2", null, null, null)).block();
    assertThat(renamed).isNotNull();
    assertThat(renamed.name()).isEqualTo("Shop 2");
    assertThat(renamed.key()).isEqualTo(a.key());
    assertThat(renamed.ownerUId()).isEqualTo("alice");
    assertThat(renamed.createdAt()).isEqualTo(a.createdAt());
    invalid(service.update("alice", a.aId(), app("", null, null, null)), "name");
    StepVerifier.create(service.delete("alice", a.aId())).verifyComplete();
    StepVerifier.create(service.consentView(a.aId()))
        .verifyErrorSatisfies(
            e -> assertThat(((Rejected) e).kind()).isEqualTo(ProblemKind.NOT_FOUND));
  }
}
