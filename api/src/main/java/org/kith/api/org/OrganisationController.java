package org.kith.api.org;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.kith.core.account.AccountService;
import org.kith.core.account.Principal;
import org.kith.core.org.Organisation;
import org.kith.core.org.OrganisationService;
import org.kith.core.org.ShortLink;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code /v1/org} and {@code /v1/links}. */
@RestController
@SecurityRequirement(name = "bearer")
final class OrganisationController {
  private final OrganisationService orgs;
  private final AccountService accounts;

  OrganisationController(OrganisationService orgs, AccountService accounts) {
    this.orgs = orgs;
    this.accounts = accounts;
  }

  record OrgRequest(@Nullable String name, @Nullable String email, @Nullable String address,
      @Nullable String customer) {}

  record InviteRequest(@Nullable String email) {}

  record JoinRequest(@Nullable String verificationCode) {}

  record LinkRequest(@Nullable String url, @Nullable String description, @Nullable Boolean persist) {}

  @GetMapping(path = "/v1/org", produces = "application/json")
  @Operation(summary = "Your organisations")
  Mono<Map<String, Object>> mine(Principal caller) {
    return accounts.me(caller).map(me -> Map.of("user", caller.uId(), "organizations", me.organizations(),
        "message", me.organizations().size() + " organisation(s)"));
  }

  @PostMapping(path = "/v1/org", consumes = "application/json", produces = "application/json")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Create an organisation; you become its admin")
  Mono<Map<String, Object>> create(Principal caller, @RequestBody OrgRequest body) {
    return orgs.create(caller.uId(), body.name(), body.email(), body.address(), body.customer())
        .map(OrganisationController::view);
  }

  @GetMapping(path = "/v1/org/{orgId}", produces = "application/json")
  @Operation(summary = "An organisation and its members, for its members")
  Mono<Map<String, Object>> get(Principal caller, @PathVariable String orgId) {
    return orgs.get(caller.uId(), orgId).zipWith(orgs.members(caller.uId(), orgId).map(m -> {
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("u_id", m.uId());
      v.put("username", m.username());
      v.put("admin", m.admin());
      return v;
    }).collectList(), (o, members) -> {
      Map<String, Object> m = view(o);
      m.put("members", members);
      m.put("admins", members.stream().filter(x -> Boolean.TRUE.equals(x.get("admin"))).map(x -> x.get("u_id"))
          .toList());
      return m;
    });
  }

  @PutMapping(path = "/v1/org/{orgId}", consumes = "application/json", produces = "application/json")
  @Operation(summary = "Change an organisation (admins)")
  Mono<Map<String, Object>> update(Principal caller, @PathVariable String orgId, @RequestBody OrgRequest body) {
    return orgs.update(caller.uId(), orgId, body.name(), body.email(), body.address(), body.customer())
        .map(OrganisationController::view);
  }

  @PostMapping(path = "/v1/org/{orgId}/invite", consumes = "application/json", produces = "application/json")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @Operation(summary = "Email an invitation code (admins); an existing user joins with it, a new one signs up with it")
  Mono<Map<String, Object>> invite(Principal caller, @PathVariable String orgId, @RequestBody InviteRequest body) {
    return orgs.invite(caller.uId(), orgId, body.email()).thenReturn(Map.of("message", "invitation sent"));
  }

  @PostMapping(path = "/v1/org/{orgId}/join", consumes = "application/json", produces = "application/json")
  @Operation(summary = "Join with the invitation code emailed to your address")
  Mono<Map<String, Object>> join(Principal caller, @PathVariable String orgId, @RequestBody JoinRequest body) {
    return orgs.join(caller.uId(), caller.username(), orgId, body.verificationCode())
        .thenReturn(Map.of("message", "joined"));
  }

  @PostMapping(path = "/v1/org/{orgId}/links", consumes = "application/json", produces = "application/json")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Create a short link (admins); URL at most 2,048 characters unless persist")
  Mono<Map<String, Object>> link(Principal caller, @PathVariable String orgId, @RequestBody LinkRequest body) {
    return orgs.link(caller.uId(), orgId, body.url(), body.description(), Boolean.TRUE.equals(body.persist()))
        .map(OrganisationController::view);
  }

  record RequestBodyIn(@Nullable String email, @Nullable String pageLink, @Nullable String source,
      @Nullable String aId, @Nullable String aaName) {}

  record RequestUpdate(@Nullable String state) {}

  record DomainRequest(@Nullable String name, @Nullable Map<String, Object> theme, @Nullable String logo) {}

  @PostMapping(path = "/v1/org/{orgId}/application-requests", consumes = "application/json",
      produces = "application/json")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Ask someone by email to apply through a page (members); removed after 7 days")
  Mono<Map<String, Object>> requestApplication(Principal caller, @PathVariable String orgId,
      @RequestBody RequestBodyIn body) {
    return orgs.requestApplication(caller.uId(), orgId, body.email(), body.pageLink(), body.source(), body.aId(),
        body.aaName()).map(OrganisationController::view);
  }

  @GetMapping(path = "/v1/org/{orgId}/application-requests", produces = "application/json")
  Mono<java.util.List<Map<String, Object>>> applicationRequests(Principal caller, @PathVariable String orgId,
      @org.springframework.web.bind.annotation.RequestParam(defaultValue = "100") int limit) {
    return orgs.applicationRequests(caller.uId(), orgId, limit).map(OrganisationController::view).collectList();
  }

  @PutMapping(path = "/v1/org/{orgId}/application-requests/{shortCode}", consumes = "application/json",
      produces = "application/json")
  @Operation(summary = "resend (emails again), deleted or complete")
  Mono<Map<String, Object>> updateRequest(Principal caller, @PathVariable String orgId, @PathVariable String shortCode,
      @RequestBody RequestUpdate body) {
    return orgs.updateRequest(caller.uId(), orgId, shortCode, body.state()).map(OrganisationController::view);
  }

  @PostMapping(path = "/v1/org/{orgId}/domains/{domain}", consumes = "application/json", produces = "application/json")
  @Operation(summary = "Create or replace a white-label domain (admins)")
  Mono<Map<String, Object>> saveDomain(Principal caller, @PathVariable String orgId, @PathVariable String domain,
      @RequestBody DomainRequest body) {
    return orgs.saveDomain(caller.uId(), orgId, domain, body.name(), body.theme(), body.logo())
        .map(OrganisationController::view);
  }

  @GetMapping(path = "/v1/org/{orgId}/domains/{domain}", produces = "application/json")
  Mono<Map<String, Object>> domain(Principal caller, @PathVariable String orgId, @PathVariable String domain) {
    return orgs.domain(caller.uId(), orgId, domain).map(OrganisationController::view);
  }

  static Map<String, Object> view(org.kith.core.org.ApplicationRequest r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("short_code", r.shortCode());
    m.put("email", r.email());
    m.put("page_link", r.pageLink());
    m.put("source", r.source());
    m.put("a_id", r.aId());
    m.put("aa_name", r.aaName());
    m.put("state", r.state());
    m.put("created_at", r.createdAt().toString());
    m.put("updated_at", r.updatedAt().toString());
    return m;
  }

  static Map<String, Object> view(org.kith.core.org.Domain d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("domain", d.domain());
    m.put("name", d.name());
    m.put("theme", d.theme());
    m.put("logo", d.logo());
    return m;
  }

  @GetMapping(path = "/v1/links/{linkId}")
  @Operation(summary = "Follow a short link: 302 to its URL, or JSON with Accept: application/json")
  Mono<ResponseEntity<Object>> follow(@PathVariable String linkId,
      @RequestHeader(name = HttpHeaders.ACCEPT, required = false) @Nullable String accept) {
    return orgs.resolve(linkId).map(l -> accept != null && accept.contains(MediaType.APPLICATION_JSON_VALUE)
        ? ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body((Object) view(l))
        : ResponseEntity.status(HttpStatus.FOUND).location(URI.create(l.url())).build());
  }

  static Map<String, Object> view(Organisation o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("org_id", o.orgId());
    m.put("name", o.name());
    m.put("email", o.email());
    m.put("address", o.address());
    m.put("customer", o.customer());
    m.put("created_at", o.createdAt().toString());
    return m;
  }

  static Map<String, Object> view(ShortLink l) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("link_id", l.linkId());
    m.put("short_link", "/v1/links/" + l.linkId());
    m.put("url", l.url());
    m.put("description", l.description());
    m.put("persist", l.persist());
    return m;
  }
}
