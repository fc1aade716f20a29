package org.kith.api.org;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.kith.api.org.OrganisationResponses.ApplicationRequestView;
import org.kith.api.org.OrganisationResponses.DomainView;
import org.kith.api.org.OrganisationResponses.MemberRoleView;
import org.kith.api.org.OrganisationResponses.MemberView;
import org.kith.api.org.OrganisationResponses.MyOrganisations;
import org.kith.api.org.OrganisationResponses.OrganisationDetail;
import org.kith.api.org.OrganisationResponses.OrganisationView;
import org.kith.api.org.OrganisationResponses.ShortLinkView;
import org.kith.api.paging.Paging;
import org.kith.api.web.Message;
import org.kith.core.account.Principal;
import org.kith.core.org.OrganisationService;
import org.kith.core.org.OrganisationStore;
import org.kith.core.org.PostalAddress;
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

  OrganisationController(OrganisationService orgs) {
    this.orgs = orgs;
  }

  record OrgRequest(
      @Nullable String name,
      @Nullable String email,
      @Nullable PostalAddress address,
      @Nullable String customer) {}

  record InviteRequest(@Nullable String email) {}

  record JoinRequest(@Nullable String verificationCode) {}

  record LinkRequest(
      @Nullable String url,
      @Nullable String description,
      @Nullable Boolean persist) {}

  @GetMapping(path = "/v1/org", produces = "application/json")
  @Operation(
      operationId = "organisationListMine",
      summary =
          "Your organisations, by id, in pages of limit (at most 1,000): the next page's cursor in"
              + " next_cursor and Link rel=next")
  Mono<ResponseEntity<MyOrganisations>> mine(
      Principal caller,
      org.springframework.http.server.reactive.ServerHttpRequest request,
      @org.springframework.web.bind.annotation.RequestParam(required = false) @Nullable
          Integer limit,
      @org.springframework.web.bind.annotation.RequestParam(required = false) @Nullable
          String cursor) {
    int size = Paging.size(limit);
    return Mono.fromCallable(() -> java.util.Optional.ofNullable(Paging.position(cursor, 1)))
        .flatMap(p ->
            orgs.mine(caller.uId(), p.map(x -> x.get(0)).orElse(null), size + 1).collectList())
        .map(ids -> {
          Paging.Next next = Paging.next(request, ids, size, id -> List.of(id));
          List<String> page = ids.stream().limit(size).toList();
          MyOrganisations body = new MyOrganisations(
              caller.uId(),
              page,
              page.size() + " organisation(s)",
              next == null ? null : next.cursor());
          return next == null
              ? ResponseEntity.ok(body)
              : ResponseEntity.ok().headers(next.headers()).body(body);
        });
  }

  @PostMapping(path = "/v1/org", consumes = "application/json", produces = "application/json")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Create an organisation; you become its admin")
  Mono<OrganisationView> create(Principal caller, @RequestBody OrgRequest body) {
    return orgs.create(caller.uId(), body.name(), body.email(), body.address(), body.customer())
        .map(OrganisationView::of);
  }

  @GetMapping(path = "/v1/org/{orgId}", produces = "application/json")
  @Operation(
      operationId = "organisationGet",
      summary = "An organisation and its members, for its members")
  Mono<OrganisationDetail> get(Principal caller, @PathVariable String orgId) {
    return orgs.get(caller.uId(), orgId)
        .zipWith(
            orgs.members(caller.uId(), orgId).map(MemberView::of).collectList(),
            OrganisationDetail::of);
  }

  @GetMapping(path = "/v1/org/{orgId}/users", produces = "application/json")
  @Operation(
      operationId = "organisationListUsers",
      summary =
          "The organisation's members with their roles (owner, admin or member), for its members, by"
              + " username in pages of limit (at most 1,000) with the next one in Link rel=next")
  Mono<ResponseEntity<List<MemberRoleView>>> users(
      Principal caller,
      org.springframework.http.server.reactive.ServerHttpRequest request,
      @PathVariable String orgId,
      @org.springframework.web.bind.annotation.RequestParam(required = false) @Nullable
          Integer limit,
      @org.springframework.web.bind.annotation.RequestParam(required = false) @Nullable
          String cursor) {
    int size = Paging.size(limit);
    return Mono.fromCallable(() -> java.util.Optional.ofNullable(Paging.position(cursor, 2)))
        .flatMap(p -> orgs.members(
                caller.uId(),
                orgId,
                p.map(x -> new OrganisationStore.After(x.get(0), x.get(1))).orElse(null),
                size + 1)
            .collectList())
        .map(list -> Paging.answer(
            request, list, size, m -> List.of(m.username(), m.uId()), MemberRoleView::of));
  }

  @PutMapping(
      path = "/v1/org/{orgId}",
      consumes = "application/json",
      produces = "application/json")
  @Operation(summary = "Change an organisation (admins)")
  Mono<OrganisationView> update(
      Principal caller, @PathVariable String orgId, @RequestBody OrgRequest body) {
    return orgs.update(
            caller.uId(), orgId, body.name(), body.email(), body.address(), body.customer())
        .map(OrganisationView::of);
  }

  @PostMapping(
      path = "/v1/org/{orgId}/invite",
      consumes = "application/json",
      produces = "application/json")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @Operation(
      summary =
          "Email an invitation code (admins); an existing user joins with it, a new one signs up with it")
  Mono<Message> invite(
      Principal caller, @PathVariable String orgId, @RequestBody InviteRequest body) {
    return orgs.invite(caller.uId(), orgId, body.email())
        .thenReturn(new Message("invitation sent"));
  }

  @PostMapping(
      path = "/v1/org/{orgId}/join",
      consumes = "application/json",
      produces = "application/json")
  @Operation(summary = "Join with the invitation code emailed to your address")
  Mono<Message> join(Principal caller, @PathVariable String orgId, @RequestBody JoinRequest body) {
    return orgs.join(caller.uId(), caller.username(), orgId, body.verificationCode())
        .thenReturn(new Message("joined"));
  }

  @PostMapping(
      path = "/v1/org/{orgId}/links",
      consumes = "application/json",
      produces = "application/json")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(
      operationId = "organisationCreateShortLink",
      summary = "Create a short link (admins); URL at most 2,048 characters unless persist")
  Mono<ShortLinkView> link(
      Principal caller, @PathVariable String orgId, @RequestBody LinkRequest body) {
    return orgs.link(
            caller.uId(),
            orgId,
            body.url(),
            body.description(),
            Boolean.TRUE.equals(body.persist()))
        .map(ShortLinkView::of);
  }

  @PostMapping(path = "/v1/links", consumes = "application/json", produces = "application/json")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(
      operationId = "shortLinkCreate",
      summary =
          "Create a short link of your own; URL at most 2,048 characters unless persist; at most"
              + " 1,000 links per person")
  Mono<ShortLinkView> personalLink(Principal caller, @RequestBody LinkRequest body) {
    return orgs.personalLink(
            caller.uId(), body.url(), body.description(), Boolean.TRUE.equals(body.persist()))
        .map(ShortLinkView::of);
  }

  record RequestBodyIn(
      @Nullable String email,
      @Nullable String pageLink,
      @Nullable String source,
      @Nullable String aId,
      @Nullable String aaName) {}

  record RequestUpdate(@Nullable String state) {}

  record DomainRequest(
      @Nullable String name,
      @Nullable Map<String, Object> theme,
      @Nullable String logo) {}

  @PostMapping(
      path = "/v1/org/{orgId}/application-requests",
      consumes = "application/json",
      produces = "application/json")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(
      operationId = "organisationCreateApplicationRequest",
      summary = "Ask someone by email to apply through a page (members); removed after 7 days")
  Mono<ApplicationRequestView> requestApplication(
      Principal caller, @PathVariable String orgId, @RequestBody RequestBodyIn body) {
    return orgs.requestApplication(
            caller.uId(),
            orgId,
            body.email(),
            body.pageLink(),
            body.source(),
            body.aId(),
            body.aaName())
        .map(ApplicationRequestView::of);
  }

  @GetMapping(path = "/v1/org/{orgId}/application-requests", produces = "application/json")
  @Operation(operationId = "organisationListApplicationRequests")
  Mono<List<ApplicationRequestView>> applicationRequests(
      Principal caller,
      @PathVariable String orgId,
      @org.springframework.web.bind.annotation.RequestParam(defaultValue = "100") int limit) {
    return orgs.applicationRequests(caller.uId(), orgId, limit)
        .map(ApplicationRequestView::of)
        .collectList();
  }

  @PutMapping(
      path = "/v1/org/{orgId}/application-requests/{shortCode}",
      consumes = "application/json",
      produces = "application/json")
  @Operation(
      operationId = "organisationUpdateApplicationRequest",
      summary = "resend (emails again), deleted or complete")
  Mono<ApplicationRequestView> updateRequest(
      Principal caller,
      @PathVariable String orgId,
      @PathVariable String shortCode,
      @RequestBody RequestUpdate body) {
    return orgs.updateRequest(caller.uId(), orgId, shortCode, body.state())
        .map(ApplicationRequestView::of);
  }

  @PostMapping(
      path = "/v1/org/{orgId}/domains/{domain}",
      consumes = "application/json",
      produces = "application/json")
  @Operation(summary = "Create or replace a white-label domain (admins)")
  Mono<DomainView> saveDomain(
      Principal caller,
      @PathVariable String orgId,
      @PathVariable String domain,
      @RequestBody DomainRequest body) {
    return orgs.saveDomain(caller.uId(), orgId, domain, body.name(), body.theme(), body.logo())
        .map(DomainView::of);
  }

  @GetMapping(path = "/v1/org/{orgId}/domains/{domain}", produces = "application/json")
  @Operation(operationId = "organisationGetDomain")
  Mono<DomainView> domain(
      Principal caller, @PathVariable String orgId, @PathVariable String domain) {
    return orgs.domain(caller.uId(), orgId, domain).map(DomainView::of);
  }

  @GetMapping(path = "/v1/links/{linkId}")
  @Operation(
      operationId = "shortLinkFollow",
      summary = "Follow a short link: 302 to its URL, or JSON with Accept: application/json")
  @ApiResponse(
      responseCode = "200",
      description = "the link, with Accept: application/json",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = ShortLinkView.class)))
  @ApiResponse(responseCode = "302", description = "redirect to the link's URL")
  Mono<ResponseEntity<Object>> follow(
      @PathVariable String linkId,
      @RequestHeader(name = HttpHeaders.ACCEPT, required = false) @Nullable String accept) {
    return orgs.resolve(linkId)
        .map(l -> accept != null && accept.contains(MediaType.APPLICATION_JSON_VALUE)
            ? ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body((Object)
                ShortLinkView.of(l))
            : ResponseEntity.status(HttpStatus.FOUND)
                .location(URI.create(l.url()))
                .build());
  }
}
