package org.kith.api.consent;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.kith.api.consent.ConsentResponses.ApplicationView;
import org.kith.api.oidc.ClientKeyPolicy;
import org.kith.api.paging.Paging;
import org.kith.core.Rejected;
import org.kith.core.account.Principal;
import org.kith.core.consent.AccessApplication;
import org.kith.core.consent.ActionDelivery;
import org.kith.core.consent.ApplicationService;
import org.kith.core.consent.ApplicationStore;
import org.kith.core.consent.ConsentService;
import org.kith.core.consent.NewApplication;
import org.kith.core.consent.RequestedData;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code /v1/aa/applications} and {@code /v1/aa/users/{u_id}/applications}. */
@RestController
@SecurityRequirement(name = "bearer")
final class ApplicationController {
  private final ApplicationService apps;
  private final ActionDelivery delivery;
  private final ConsentService consent;
  private final ApplicationLabels labels;

  ApplicationController(
      ApplicationService apps,
      ActionDelivery delivery,
      ConsentService consent,
      ApplicationLabels labels) {
    this.apps = apps;
    this.delivery = delivery;
    this.consent = consent;
    this.labels = labels;
  }

  /** Which dead letters to replay or purge: by ids, or all created in [from, to); nothing given = all. */
  record DeadLetterSelection(
      @Nullable List<String> ids,
      @Nullable String from,
      @Nullable String to) {}

  @GetMapping(path = "/v1/aa/applications/{aId}/dead-letters", produces = "application/json")
  @Operation(
      operationId = "applicationListDeadLetters",
      summary = "Transition actions that failed every retry")
  Mono<List<ConsentResponses.DeadLetter>> deadLetters(
      Principal caller,
      @PathVariable String aId,
      @org.springframework.web.bind.annotation.RequestParam(defaultValue = "100") int limit) {
    return apps.get(caller.uId(), aId)
        .thenMany(delivery.deadLetters(aId, Math.max(1, Math.min(limit, 1000))))
        .map(e -> new ConsentResponses.DeadLetter(
            e.eventId(),
            e.iId(),
            e.method(),
            e.attempts(),
            e.lastError(),
            e.createdAt().toString(),
            e.payload()))
        .collectList();
  }

  @PostMapping(
      path = "/v1/aa/applications/{aId}/dead-letters/replay",
      consumes = "application/json",
      produces = "application/json")
  @Operation(
      operationId = "applicationReplayDeadLetters",
      summary = "Deliver dead letters again (by ids or time range)")
  Mono<ConsentResponses.Replayed> replay(
      Principal caller, @PathVariable String aId, @RequestBody DeadLetterSelection body) {
    return apps.get(caller.uId(), aId)
        .then(Mono.defer(() -> delivery.replay(
            caller.uId(), aId, body.ids(), instant("from", body.from()), instant("to", body.to()))))
        .map(ConsentResponses.Replayed::new);
  }

  @PostMapping(
      path = "/v1/aa/applications/{aId}/dead-letters/purge",
      consumes = "application/json",
      produces = "application/json")
  @Operation(
      operationId = "applicationPurgeDeadLetters",
      summary = "Delete dead letters (by ids or time range)")
  Mono<ConsentResponses.Purged> purge(
      Principal caller, @PathVariable String aId, @RequestBody DeadLetterSelection body) {
    return apps.get(caller.uId(), aId)
        .then(Mono.defer(() -> delivery.purge(
            caller.uId(), aId, body.ids(), instant("from", body.from()), instant("to", body.to()))))
        .map(ConsentResponses.Purged::new);
  }

  private static java.time.@Nullable Instant instant(String name, @Nullable String value) {
    if (value == null) {
      return null;
    }
    return org.kith.core.Timestamps.parse(value)
        .orElseThrow(() -> Rejected.invalid(
            name, name + " is an ISO-8601 date-time (UTC without a zone) or date"));
  }

  /** The body of create and update. */
  record ApplicationRequest(
      @Nullable String name,
      @Nullable String description,
      @Nullable List<String> scopes,
      @Nullable List<String> callbackUri,
      @Nullable String logoutUri,
      @Nullable String picture,
      @Nullable List<Object> transitions,
      @Nullable List<String> tags,
      @Nullable Map<String, Object> theme,
      @Nullable Boolean generateSecret,
      @Nullable String orgId,
      @Nullable Map<String, Object> jwks,
      @Nullable String jwksUri,
      @Nullable Boolean resourceServer,
      @Nullable Boolean requirePar,
      @Nullable Boolean requireDpop) {
    NewApplication toNew() {
      return new NewApplication(
          name,
          description,
          scopes,
          callbackUri,
          logoutUri,
          picture,
          transitions,
          tags,
          theme,
          Boolean.TRUE.equals(generateSecret),
          orgId,
          ClientKeyPolicy.check(jwks, jwksUri, resourceServer),
          requirePar,
          requireDpop);
    }
  }

  @PostMapping(
      path = "/v1/aa/applications",
      consumes = "application/json",
      produces = "application/json")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(
      summary =
          "Create an access application; you administer it. The secret is shown only in this answer")
  Mono<ConsentResponses.CreatedApplication> create(
      Principal caller, @RequestBody ApplicationRequest body) {
    return apps.create(caller.uId(), body.toNew()).map(ConsentResponses.CreatedApplication::of);
  }

  @GetMapping(path = "/v1/aa/applications", produces = "application/json")
  @Operation(
      operationId = "applicationListMine",
      summary =
          "Applications you administer, by name, in pages of limit (at most 1,000) with the next one in"
              + " Link rel=next")
  Mono<ResponseEntity<List<ApplicationView>>> mine(
      Principal caller,
      ServerHttpRequest request,
      @RequestParam(required = false) @Nullable Integer limit,
      @RequestParam(required = false) @Nullable String cursor) {
    return page(caller.uId(), request, limit, cursor);
  }

  @GetMapping(path = "/v1/aa/users/{uId}/applications", produces = "application/json")
  @Operation(
      operationId = "applicationListOfUser",
      summary = "Applications a user administers (yourself, or anyone for platform admins)")
  Mono<ResponseEntity<List<ApplicationView>>> of(
      Principal caller,
      ServerHttpRequest request,
      @PathVariable String uId,
      @RequestParam(required = false) @Nullable Integer limit,
      @RequestParam(required = false) @Nullable String cursor) {
    if (!uId.equals(caller.uId()) && !caller.hasRole("admin")) {
      return Mono.error(Rejected.notFound("no such user"));
    }
    return page(uId, request, limit, cursor);
  }

  private Mono<ResponseEntity<List<ApplicationView>>> page(
      String uId, ServerHttpRequest request, @Nullable Integer limit, @Nullable String cursor) {
    int size = Paging.size(limit);
    return Mono.fromCallable(() -> java.util.Optional.ofNullable(Paging.position(cursor, 2)))
        .flatMap(p -> apps.administeredBy(
                uId,
                p.map(x -> new ApplicationStore.After(x.get(0), x.get(1))).orElse(null),
                size + 1)
            .collectList())
        .map(list -> Paging.answer(
            request, list, size, a -> List.of(a.name(), a.aId()), ApplicationController::view));
  }

  @GetMapping(path = "/v1/aa/applications/{aId}", produces = "application/json")
  Mono<ApplicationView> get(Principal caller, @PathVariable String aId) {
    return apps.get(caller.uId(), aId).map(ApplicationController::view);
  }

  @GetMapping(path = "/v1/aa/applications/{aId}/consent", produces = "application/json")
  @Operation(
      operationId = "applicationGetConsentScreen",
      summary =
          "An application as its consent screen shows it (any signed-in user): name, description,"
              + " picture, scopes, organisation, the schemas it asks for and the caller's objects it may be given")
  Mono<ConsentResponses.ConsentScreen> consent(Principal caller, @PathVariable String aId) {
    return apps.consentView(aId).flatMap(app -> {
      Set<String> wanted = RequestedData.schemasFor(app.scopes());
      return Mono.zip(
              labels.organisation(app).map(Optional::of).defaultIfEmpty(Optional.empty()),
              consent
                  .offer(caller.uId(), wanted, ConsentService.MAX_SHARED)
                  .map(o -> new ConsentResponses.OfferedObject(o.nId(), o.schema(), o.properties()))
                  .collectList())
          .map(t -> ConsentResponses.ConsentScreen.of(
              app, t.getT1().orElse(null), List.copyOf(wanted), t.getT2()));
    });
  }

  @PutMapping(
      path = "/v1/aa/applications/{aId}",
      consumes = "application/json",
      produces = "application/json")
  Mono<ApplicationView> update(
      Principal caller, @PathVariable String aId, @RequestBody ApplicationRequest body) {
    return apps.update(caller.uId(), aId, body.toNew()).map(ApplicationController::view);
  }

  @DeleteMapping(path = "/v1/aa/applications/{aId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  Mono<Void> delete(Principal caller, @PathVariable String aId) {
    return apps.delete(caller.uId(), aId);
  }

  static ApplicationView view(AccessApplication a) {
    return ApplicationView.of(a);
  }
}
