package org.kith.core.org;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.kith.core.EmailAddresses;
import org.kith.core.Ids;
import org.kith.core.Rejected;
import org.kith.core.WebLinks;
import org.kith.core.account.InvitationRedeemer;
import org.kith.core.account.Mailer;
import org.kith.core.account.SecretHasher;
import org.kith.core.account.Usernames;
import org.kith.core.audit.AccountEvent;
import org.kith.core.audit.AuditEvent;
import org.kith.core.audit.OrganisationEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Organisations: any user creates one and becomes its admin; members read it, admins change it and invite by
 * email. The emailed code (stored hashed, valid 7 days, for that address only) lets an existing user join
 * ({@link #join}) or a new user join at sign-up ({@code verification_code_org}). Admins create short links.
 * Non-members get 404. Thread-safe.
 */
public final class OrganisationService implements InvitationRedeemer {
  static final Duration INVITATION_TTL = Duration.ofDays(7);
  static final int MAX_URL = 2_048;
  static final int MAX_PERSISTED_URL = 16_384;
  static final int MAX_PERSONAL_LINKS = 1_000;
  static final int MAX_LINK_DESCRIPTION = 1_000;

  private final OrganisationStore orgs;
  private final SecretHasher secrets;
  private final Mailer mailer;
  private final Clock clock;

  public OrganisationService(
      OrganisationStore orgs, SecretHasher secrets, Mailer mailer, Clock clock) {
    this.orgs = orgs;
    this.secrets = secrets;
    this.mailer = mailer;
    this.clock = clock;
  }

  public Mono<Organisation> create(
      String uId,
      @Nullable String name,
      @Nullable String email,
      @Nullable PostalAddress address,
      @Nullable String customer) {
    return Mono.defer(() -> {
      Organisation org = new Organisation(
          Ids.uuid(),
          requireName(name),
          requireEmail(email),
          address == null ? null : address.normalised(),
          customer,
          clock.instant());
      return orgs.create(
          org, uId, List.of(event(org.orgId(), uId, new OrganisationEvent.Created(org.name()))));
    });
  }

  /** The organisation, for its members. */
  public Mono<Organisation> get(String uId, String orgId) {
    return role(uId, orgId).then(orgs.find(orgId));
  }

  public Mono<Organisation> update(
      String uId,
      String orgId,
      @Nullable String name,
      @Nullable String email,
      @Nullable PostalAddress address,
      @Nullable String customer) {
    return admin(uId, orgId).then(orgs.find(orgId)).flatMap(old -> {
      Organisation org = new Organisation(
          orgId,
          name == null ? old.name() : requireName(name),
          email == null ? old.email() : requireEmail(email),
          address == null ? old.address() : address.normalised(),
          customer == null ? old.customer() : customer,
          old.createdAt());
      return orgs.update(
          org, List.of(event(orgId, uId, new OrganisationEvent.Updated(org.name()))));
    });
  }

  public Flux<OrganisationStore.Member> members(String uId, String orgId) {
    return role(uId, orgId).thenMany(orgs.members(orgId));
  }

  /** A page of the ids of {@code uId}'s organisations, in id order, after {@code afterOrgId}. */
  public Flux<String> mine(String uId, @Nullable String afterOrgId, int limit) {
    return orgs.organisationsOf(uId, afterOrgId, limit);
  }

  /** A page of the members, for members: by username, after {@code after}, at most {@code limit}. */
  public Flux<OrganisationStore.Member> members(
      String uId, String orgId, OrganisationStore.@Nullable After after, int limit) {
    return role(uId, orgId).thenMany(orgs.members(orgId, after, limit));
  }

  /** Emails an invitation code to {@code email}; admins only. */
  public Mono<Void> invite(String uId, String orgId, @Nullable String email) {
    return admin(uId, orgId).then(orgs.find(orgId)).flatMap(org -> {
      String to = requireEmail(email);
      String code = Ids.randomToken(9);
      return orgs.invite(
              orgId,
              to,
              secrets.hash(code),
              clock.instant().plus(INVITATION_TTL),
              List.of(event(orgId, uId, new OrganisationEvent.Invited(to))))
          .then(
              mailer.send(
                  new Mailer.Email(
                      to,
                      "Invitation to " + org.name(),
                      "You are invited to join "
                          + org.name() + " on Kith.\n\nYour invitation code is: " + code
                          + "\n\nIf you have an account, join"
                          + " with it; otherwise sign up with it as verification_code_org. It expires in 7 days.")));
    });
  }

  /** An existing user joins with the code emailed to its own address. */
  public Mono<Void> join(String uId, String username, String orgId, @Nullable String code) {
    if (code == null || code.isBlank() || code.length() > 100) {
      return Mono.error(Rejected.invalid("verification_code", "send the invitation code"));
    }
    return redeem(code, username, uId)
        .flatMap(ok -> ok
            ? Mono.<Void>empty()
            : Mono.error(Rejected.invalid(
                "verification_code", "the invitation code is wrong, used or expired")));
  }

  @Override
  public Mono<Boolean> isInvited(String code, String username) {
    return orgs.invited(secrets.hash(code), normal(username), clock.instant());
  }

  @Override
  public Mono<Boolean> redeem(String code, String username, String uId) {
    return orgs.redeem(secrets.hash(code), normal(username), uId, clock.instant(), List.of());
  }

  /** A short link; URLs are absolute http(s), at most 2,048 characters unless {@code persist}. */
  public Mono<ShortLink> link(
      String uId,
      String orgId,
      @Nullable String url,
      @Nullable String description,
      boolean persist) {
    return admin(uId, orgId).then(Mono.defer(() -> {
      Rejected bad = linkProblem(url, description, persist);
      if (bad != null) {
        return Mono.error(bad);
      }
      ShortLink link = new ShortLink(
          Ids.randomToken(16), orgId, null, url, description, persist, clock.instant());
      return orgs.createLink(
              link, List.of(event(orgId, uId, new OrganisationEvent.LinkCreated(link.linkId()))))
          .thenReturn(link);
    }));
  }

  /**
   * A short link of the caller's own ({@code POST /v1/links}), audited on their trail; at most
   * {@value #MAX_PERSONAL_LINKS} per person (409 beyond). URLs as for {@link #link}.
   */
  public Mono<ShortLink> personalLink(
      String uId, @Nullable String url, @Nullable String description, boolean persist) {
    return Mono.defer(() -> {
      Rejected bad = linkProblem(url, description, persist);
      if (bad != null) {
        return Mono.error(bad);
      }
      ShortLink link =
          new ShortLink(Ids.randomToken(16), null, uId, url, description, persist, clock.instant());
      AuditEvent created = AuditEvent.of(
          uId, uId, link.createdAt(), new AccountEvent.ShortLinkCreated(link.linkId()));
      return orgs.createPersonalLink(link, MAX_PERSONAL_LINKS, List.of(created))
          .flatMap(made -> made
              ? Mono.just(link)
              : Mono.error(Rejected.conflict("you have " + MAX_PERSONAL_LINKS
                  + " short links, the most one person may have")));
    });
  }

  private static @Nullable Rejected linkProblem(
      @Nullable String url, @Nullable String description, boolean persist) {
    if (description != null && description.length() > MAX_LINK_DESCRIPTION) {
      return Rejected.invalid("description", "at most " + MAX_LINK_DESCRIPTION + " characters");
    }
    if (WebLinks.webProblem(url, persist ? MAX_PERSISTED_URL : MAX_URL) == null) {
      return null;
    }
    return Rejected.invalid(
        "url",
        "an absolute http(s) URL of at most " + MAX_URL + " characters (" + MAX_PERSISTED_URL
            + " with persist: true)");
  }

  public Mono<ShortLink> resolve(String linkId) {
    if (linkId.length() > 64) {
      return Mono.error(Rejected.notFound("no such link"));
    }
    return orgs.findLink(linkId).switchIfEmpty(Mono.error(() -> Rejected.notFound("no such link")));
  }

  static final Duration REQUEST_TTL = Duration.ofDays(7);
  static final java.util.Set<String> REQUEST_STATES =
      java.util.Set.of("resend", "deleted", "complete");

  /** Asks {@code email} to apply through {@code pageLink}; emails it. Members of the organisation only. */
  public Mono<ApplicationRequest> requestApplication(
      String uId,
      String orgId,
      @Nullable String email,
      @Nullable String pageLink,
      @Nullable String source,
      @Nullable String aId,
      @Nullable String aaName) {
    return role(uId, orgId).then(orgs.find(orgId)).flatMap(org -> {
      String to = requireEmail(email);
      String linkProblem = WebLinks.webProblem(pageLink, MAX_URL);
      if (linkProblem != null) {
        return Mono.error(Rejected.invalid("page_link", linkProblem));
      }
      java.time.Instant now = clock.instant();
      ApplicationRequest r = new ApplicationRequest(
          Ids.randomToken(12), orgId, to, pageLink, source, aId, aaName, "sent", now, now);
      return orgs.createRequest(
              r, List.of(event(orgId, uId, new OrganisationEvent.ApplicationRequested(to))))
          .then(mailer.send(requestEmail(org, r)))
          .thenReturn(r);
    });
  }

  public Flux<ApplicationRequest> applicationRequests(String uId, String orgId, int limit) {
    return role(uId, orgId).thenMany(orgs.requests(orgId, Math.max(1, Math.min(limit, 1000))));
  }

  /** Moves a request to resend (emails it again), deleted or complete. */
  public Mono<ApplicationRequest> updateRequest(
      String uId, String orgId, String shortCode, @Nullable String state) {
    if (state == null || !REQUEST_STATES.contains(state)) {
      return Mono.error(Rejected.invalid("state", "state is one of " + REQUEST_STATES));
    }
    return role(uId, orgId)
        .then(orgs.findRequest(orgId, shortCode))
        .switchIfEmpty(Mono.error(() -> Rejected.notFound("no such application request")))
        .flatMap(r -> orgs.setRequestState(
                orgId,
                shortCode,
                state,
                clock.instant(),
                List.of(event(orgId, uId, requestEvent(state, shortCode))))
            .then(
                "resend".equals(state)
                    ? orgs.find(orgId).flatMap(org -> mailer.send(requestEmail(org, r)))
                    : Mono.empty())
            .then(orgs.findRequest(orgId, shortCode)));
  }

  /** Removes requests older than 7 days; run periodically (the requests live in the graph, so restarts lose none). */
  public Mono<Long> expireApplicationRequests() {
    Instant now = clock.instant();
    return orgs.expireRequests(
        now.minus(REQUEST_TTL),
        (orgId, shortCode) -> AuditEvent.of(
            orgId, null, now, new OrganisationEvent.ApplicationRequestExpired(shortCode)));
  }

  private static Mailer.Email requestEmail(Organisation org, ApplicationRequest r) {
    return new Mailer.Email(
        r.email(),
        org.name() + " asks you to apply",
        org.name() + " asks you to apply" + (r.aaName() == null ? "" : " to " + r.aaName())
            + ":\n\n" + r.pageLink() + "\n\nReference: " + r.shortCode());
  }

  /** Creates or replaces a white-label domain; admins only. */
  public Mono<Domain> saveDomain(
      String uId,
      String orgId,
      String domain,
      @Nullable String name,
      @Nullable Map<String, Object> theme,
      @Nullable String logo) {
    return admin(uId, orgId).then(Mono.defer(() -> {
      String d = domain.toLowerCase(Locale.ROOT);
      if (d.length() > 253 || !d.matches("([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}")) {
        return Mono.error(
            Rejected.invalid("domain", "a domain name such as onboarding.example.org"));
      }
      String logoProblem = logo == null ? null : WebLinks.webProblem(logo, MAX_URL);
      if (logoProblem != null) {
        return Mono.error(Rejected.invalid("logo", logoProblem));
      }
      Domain saved =
          new Domain(d, orgId, requireName(name), theme == null ? Map.of() : theme, logo);
      return orgs.saveDomain(
          saved, List.of(event(orgId, uId, new OrganisationEvent.DomainSaved(d))));
    }));
  }

  public Mono<Domain> domain(String uId, String orgId, String domain) {
    return role(uId, orgId)
        .then(orgs.findDomain(orgId, domain.toLowerCase(Locale.ROOT)))
        .switchIfEmpty(Mono.error(() -> Rejected.notFound("no such domain")));
  }

  private Mono<String> role(String uId, String orgId) {
    return orgs.role(orgId, uId)
        .switchIfEmpty(Mono.error(() -> Rejected.notFound("no such organisation")));
  }

  private Mono<String> admin(String uId, String orgId) {
    return role(uId, orgId)
        .flatMap(r -> "admin".equals(r)
            ? Mono.just(r)
            : Mono.error(Rejected.forbidden("only the organisation's admins may do this")));
  }

  private static String requireName(@Nullable String name) {
    String n = name == null ? "" : name.strip();
    if (n.isEmpty() || n.length() > 200) {
      throw Rejected.invalid("name", "name must have 1 to 200 characters");
    }
    return n;
  }

  private static String requireEmail(@Nullable String email) {
    String e = normal(email == null ? "" : email);
    if (!EmailAddresses.isPlausible(e)) {
      throw Rejected.invalid("email", "a valid email address");
    }
    return e;
  }

  private static String normal(String email) {
    return Usernames.canonical("email", email);
  }

  private AuditEvent event(String orgId, String uId, OrganisationEvent detail) {
    return AuditEvent.of(orgId, uId, clock.instant(), detail);
  }

  /** The event of moving a request to one of {@link #REQUEST_STATES}. */
  private static OrganisationEvent requestEvent(String state, String shortCode) {
    return switch (state) {
      case "resend" -> new OrganisationEvent.ApplicationRequestResent(shortCode);
      case "deleted" -> new OrganisationEvent.ApplicationRequestDeleted(shortCode);
      case "complete" -> new OrganisationEvent.ApplicationRequestCompleted(shortCode);
      default -> throw new IllegalArgumentException("not a request state: " + state);
    };
  }
}
