package org.kith.core.org;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kith.core.ProblemKind;
import org.kith.core.Rejected;
import org.kith.core.account.Mailer;
import org.kith.core.audit.AuditEvent;
import org.kith.core.audit.OrganisationEvent;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

@DisplayName("organisations")
class OrganisationServiceTests {
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private static final String ORG = "org-1";

  /** Organisations in memory: roles, invitations (by code hash and email), links, requests, domains; writes on subscription. */
  private final MemoryOrgs store = new MemoryOrgs();

  private final List<Mailer.Email> sent = new CopyOnWriteArrayList<>();
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final OrganisationService service = new OrganisationService(
      store,
      secret -> "h(" + secret + ")",
      email -> {
        return Mono.fromRunnable(() -> sent.add(email));
      },
      clock);

  OrganisationServiceTests() {
    store.orgs.put(ORG, new Organisation(ORG, "Acme", "info@acme.example", null, null, NOW));
    store.roles.put(ORG + "/admin", "admin");
    store.roles.put(ORG + "/member", "member");
  }

  private static void fails(Mono<?> mono, ProblemKind kind, String field) {
    StepVerifier.create(mono).verifyErrorSatisfies(e -> {
      assertThat(((Rejected) e).kind()).isEqualTo(kind);
      if (field != null) {
        assertThat(((Rejected) e).errors()).extracting(f -> f.path()).containsExactly(field);
      }
    });
  }

  private String invitationCode() {
    String body = sent.get(sent.size() - 1).textBody();
    int at = body.indexOf("code is: ") + "code is: ".length();
    return body.substring(at, body.indexOf('\n', at));
  }

  @Test
  @DisplayName(
      "a new organisation's name is trimmed, its email canonical, and its creator its admin")
  void create() {
    Organisation org = service
        .create("alice", "  Beta Ltd ", " Info@Beta.Example ", null, null)
        .block();
    assertThat(org).isNotNull();
    assertThat(org.name()).isEqualTo("Beta Ltd");
    assertThat(org.email()).isEqualTo("info@beta.example");
    assertThat(store.role(org.orgId(), "alice").block()).isEqualTo("admin");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   "})
  @DisplayName("a blank name, or one over 200 characters, is a 400 on name")
  void name(String blank) {
    fails(
        service.create("alice", blank, "a@b.example", null, null), ProblemKind.VALIDATION, "name");
    fails(
        service.create("alice", "x".repeat(201), "a@b.example", null, null),
        ProblemKind.VALIDATION,
        "name");
    fails(
        service.create("alice", "Acme", "not an address", null, null),
        ProblemKind.VALIDATION,
        "email");
  }

  @Test
  @DisplayName("non-members get 404; members read; only admins change")
  void roles() {
    fails(service.get("stranger", ORG), ProblemKind.NOT_FOUND, null);
    assertThat(service.get("member", ORG).block())
        .extracting(Organisation::name)
        .isEqualTo("Acme");
    fails(service.update("member", ORG, "New", null, null, null), ProblemKind.FORBIDDEN, null);
    Organisation updated = service
        .update(
            "admin",
            ORG,
            null,
            null,
            new PostalAddress(" 1 Main St ", null, null, null, "nz"),
            null)
        .block();
    assertThat(updated).isNotNull();
    assertThat(updated.name()).isEqualTo("Acme");
    assertThat(updated.address()).isEqualTo(new PostalAddress("1 Main St", null, null, null, "NZ"));
    fails(service.invite("member", ORG, "bob@example.org"), ProblemKind.FORBIDDEN, null);
  }

  @Test
  @DisplayName("an invitation code works for the invited address only, once, within 7 days")
  void invitations() {
    service.invite("admin", ORG, "Bob@Example.org").block();
    assertThat(sent).singleElement().satisfies(m -> {
      assertThat(m.to()).isEqualTo("bob@example.org");
      assertThat(m.subject()).isEqualTo("Invitation to Acme");
    });
    String code = invitationCode();
    assertThat(store.invitations).containsValue(NOW.plus(Duration.ofDays(7)));
    assertThat(store.invitations.keySet()).noneMatch(k -> k.contains(code + "/")); // stored hashed
    assertThat(service.isInvited(code, "carol@example.org").block()).isFalse();
    assertThat(service.isInvited(code, "BOB@example.org").block()).isTrue();
    fails(
        service.join("carol", "carol@example.org", ORG, code),
        ProblemKind.VALIDATION,
        "verification_code");
    StepVerifier.create(service.join("bob", "bob@example.org", ORG, code)).verifyComplete();
    fails(
        service.join("bob", "bob@example.org", ORG, code),
        ProblemKind.VALIDATION,
        "verification_code");
  }

  @Test
  @DisplayName("joining without a code, or with an absurdly long one, is a 400 before any lookup")
  void joinShape() {
    fails(
        service.join("bob", "bob@example.org", ORG, null),
        ProblemKind.VALIDATION,
        "verification_code");
    fails(
        service.join("bob", "bob@example.org", ORG, " "),
        ProblemKind.VALIDATION,
        "verification_code");
    fails(
        service.join("bob", "bob@example.org", ORG, "x".repeat(101)),
        ProblemKind.VALIDATION,
        "verification_code");
  }

  @Test
  @DisplayName(
      "short links: admins only, http(s) of at most 2,048 characters, 16,384 when persisted")
  void links() {
    String base = "https://acme.example/";
    String long2048 = base + "a".repeat(OrganisationService.MAX_URL - base.length());
    ShortLink link = service.link("admin", ORG, long2048, "landing", false).block();
    assertThat(link).isNotNull();
    assertThat(service.resolve(link.linkId()).block()).isEqualTo(link);
    fails(service.link("admin", ORG, long2048 + "a", null, false), ProblemKind.VALIDATION, "url");
    assertThat(service.link("admin", ORG, long2048 + "a", null, true).block()).isNotNull();
    fails(
        service.link("admin", ORG, "javascript:alert(1)", null, true),
        ProblemKind.VALIDATION,
        "url");
    fails(service.link("member", ORG, base, null, false), ProblemKind.FORBIDDEN, null);
    fails(service.resolve("x".repeat(65)), ProblemKind.NOT_FOUND, null);
    fails(service.resolve("unknown"), ProblemKind.NOT_FOUND, null);
  }

  @Test
  @DisplayName(
      "application requests: emailed by members, page link checked, moved only to known states")
  void requests() {
    fails(
        service.requestApplication(
            "member", ORG, "dan@example.org", "ftp://acme.example/apply", null, null, null),
        ProblemKind.VALIDATION,
        "page_link");
    ApplicationRequest r = service
        .requestApplication(
            "member", ORG, "Dan@Example.org", "https://acme.example/apply", "web", null, "Acme App")
        .block();
    assertThat(r).isNotNull();
    assertThat(r.state()).isEqualTo("sent");
    assertThat(r.email()).isEqualTo("dan@example.org");
    assertThat(sent)
        .singleElement()
        .satisfies(m -> assertThat(m.textBody())
            .contains("to Acme App", "https://acme.example/apply", r.shortCode()));
    fails(
        service.updateRequest("member", ORG, r.shortCode(), "sent"),
        ProblemKind.VALIDATION,
        "state");
    fails(
        service.updateRequest("member", ORG, r.shortCode(), null), ProblemKind.VALIDATION, "state");
    fails(service.updateRequest("member", ORG, "nope", "deleted"), ProblemKind.NOT_FOUND, null);
    assertThat(service.updateRequest("member", ORG, r.shortCode(), "resend").block())
        .extracting(ApplicationRequest::state)
        .isEqualTo("resend");
    assertThat(sent).hasSize(2);
    assertThat(service.updateRequest("admin", ORG, r.shortCode(), "complete").block())
        .extracting(ApplicationRequest::state)
        .isEqualTo("complete");
    assertThat(sent).hasSize(2);
    fails(
        service.requestApplication(
            "stranger", ORG, "dan@example.org", "https://acme.example/apply", null, null, null),
        ProblemKind.NOT_FOUND,
        null);
  }

  @Test
  @DisplayName("requests expire 7 days after creation")
  void expiry() {
    service.expireApplicationRequests().block();
    assertThat(store.expiredBefore).isEqualTo(NOW.minus(Duration.ofDays(7)));
    assertThat(java.util.Objects.requireNonNull(store.expiredEvent).apply(ORG, "c0de"))
        .isEqualTo(
            AuditEvent.of(ORG, null, NOW, new OrganisationEvent.ApplicationRequestExpired("c0de")));
  }

  @Test
  @DisplayName("white-label domains are lower-cased names; a logo must be a web link")
  void domains() {
    Domain d = service
        .saveDomain("admin", ORG, "Onboarding.Acme.Example", "Acme onboarding", null, null)
        .block();
    assertThat(d).isNotNull();
    assertThat(d.domain()).isEqualTo("onboarding.acme.example");
    assertThat(d.theme()).isEmpty();
    assertThat(service.domain("member", ORG, "ONBOARDING.acme.example").block()).isEqualTo(d);
    List<String> bad = new ArrayList<>(List.of(
        "localhost",
        "-x.example",
        "a..example",
        "x.example.",
        "x_y.example",
        "a".repeat(64) + ".example",
        "x.e"));
    for (String domain : bad) {
      fails(
          service.saveDomain("admin", ORG, domain, "n", null, null),
          ProblemKind.VALIDATION,
          "domain");
    }
    fails(
        service.saveDomain("admin", ORG, "ok.example", "n", Map.of(), "javascript:alert(1)"),
        ProblemKind.VALIDATION,
        "logo");
    fails(
        service.saveDomain("admin", ORG, "ok.example", " ", Map.of(), null),
        ProblemKind.VALIDATION,
        "name");
    fails(
        service.saveDomain("member", ORG, "ok.example", "n", Map.of(), null),
        ProblemKind.FORBIDDEN,
        null);
    fails(service.domain("member", ORG, "other.example"), ProblemKind.NOT_FOUND, null);
  }

  @Test
  @DisplayName(
      "a person's own short links: theirs alone, at most 1,000 (409 beyond), bad URLs and long"
          + " descriptions 400")
  void personalLinks() {
    ShortLink first =
        service.personalLink("pat", "https://example.org/a", "mine", false).block();
    assertThat(first.ownerUId()).isEqualTo("pat");
    assertThat(first.orgId()).isNull();
    for (int i = 1; i < OrganisationService.MAX_PERSONAL_LINKS; i++) {
      service.personalLink("pat", "https://example.org/" + i, null, false).block();
    }
    fails(
        service.personalLink("pat", "https://example.org/more", null, false),
        ProblemKind.CONFLICT,
        null);
    assertThat(service.personalLink("sam", "https://example.org/a", null, false).block())
        .isNotNull();
    fails(
        service.personalLink("sam", "javascript:alert(1)", null, false),
        ProblemKind.VALIDATION,
        "url");
    fails(
        service.personalLink("sam", "https://example.org/", "d".repeat(1_001), false),
        ProblemKind.VALIDATION,
        "description");
  }
}
