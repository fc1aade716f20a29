package org.kith.api.consent;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.kith.api.consent.ConsentResponses.InstanceDetail;
import org.kith.api.consent.ConsentResponses.InstanceSummary;
import org.kith.api.paging.Paging;
import org.kith.api.profile.ProfileResponses;
import org.kith.api.profile.ProfileResponses.ProfileObjectView;
import org.kith.api.profile.ProfileResponses.RelationshipView;
import org.kith.api.web.StepUpRequired;
import org.kith.core.Rejected;
import org.kith.core.account.Principal;
import org.kith.core.account.StepUpPolicy;
import org.kith.core.consent.ConsentService;
import org.kith.core.consent.Instance;
import org.kith.core.consent.InstanceStore;
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

/** {@code /v1/aa/instances}, an application's inbox, and an object's shares. */
@RestController
@SecurityRequirement(name = "bearer")
final class InstanceController {
  private static final Set<String> OPS = Set.of("gt", "gte", "lt", "lte", "eq");
  private final ConsentService consent;
  private final ObjectMapper json;
  private final ApplicationLabels labels;

  private final org.kith.core.oidc.LogoutService logout;
  private final StepUpPolicy stepUp;

  InstanceController(
      ConsentService consent,
      ObjectMapper json,
      org.kith.core.oidc.LogoutService logout,
      StepUpPolicy stepUp,
      ApplicationLabels labels) {
    this.consent = consent;
    this.labels = labels;
    this.stepUp = stepUp;
    this.json = json;
    this.logout = logout;
  }

  /** The data owner's share. */
  record ShareRequest(
      @Nullable String aId,
      @Nullable List<String> profileObjects,
      @Nullable String reference,
      @Nullable String endDate,
      @Nullable Object keys) {}

  /** The recipient's move. */
  record MoveRequest(
      @JsonProperty("_state") @Nullable String state,
      @Nullable Map<String, Object> custom) {}

  @PostMapping(
      path = "/v1/aa/instances",
      consumes = "application/json",
      produces = "application/json")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(
      summary =
          "Share profile objects you own or administer with an application (consent); a first share with an"
              + " application needs a recent login (step-up)")
  @StepUpRequired(StepUpPolicy.Operation.SHARE_WITH_NEW_APPLICATION)
  Mono<InstanceSummary> share(Principal caller, @RequestBody ShareRequest body) {
    String aId = body.aId();
    if (aId == null) {
      return Mono.error(Rejected.invalid("a_id", "name the application to share with"));
    }
    return Mono.fromCallable(() -> instant("end_date", body.endDate()))
        .flatMap(end -> consent
            .hasShared(caller.uId(), aId)
            .flatMap(before -> before
                ? Mono.<Void>empty()
                : stepUp.require(caller, StepUpPolicy.Operation.SHARE_WITH_NEW_APPLICATION))
            .thenReturn(end))
        .flatMap(end -> consent.share(
            caller.uId(),
            aId,
            body.profileObjects(),
            body.reference(),
            end.orElse(null),
            body.keys()))
        .map(InstanceController::summary);
  }

  @GetMapping(path = "/v1/aa/instances", produces = "application/json")
  @Operation(
      operationId = "instanceListShared",
      summary =
          "What you have shared, newest first; filters start_date/end_date as {date, op} JSON, and"
              + " state; pages of limit (at most 1,000) with the next one in Link rel=next")
  Mono<ResponseEntity<List<InstanceSummary>>> shared(
      Principal caller,
      ServerHttpRequest request,
      @RequestParam(name = "start_date", required = false) @Nullable String start,
      @RequestParam(name = "end_date", required = false) @Nullable String end,
      @RequestParam(required = false) @Nullable String state,
      @RequestParam(required = false) @Nullable Integer limit,
      @RequestParam(required = false) @Nullable String cursor) {
    int size = Paging.size(limit);
    return Mono.fromCallable(() -> filter(start, end, state, cursor))
        .flatMap(f -> consent.shared(caller.uId(), f, size + 1).collectList())
        .flatMap(list -> labels
            .of(list.stream().map(Instance::aId).toList())
            .map(names -> Paging.answer(
                request,
                list,
                size,
                InstanceController::position,
                i -> InstanceSummary.of(i, names.get(i.aId())))));
  }

  @GetMapping(path = "/v1/aa/applications/{aId}/instances", produces = "application/json")
  @Operation(
      operationId = "instanceListForApplication",
      summary = "An application's inbox, for its administrators; same filters and pages")
  Mono<ResponseEntity<List<InstanceSummary>>> inbox(
      Principal caller,
      ServerHttpRequest request,
      @PathVariable String aId,
      @RequestParam(name = "start_date", required = false) @Nullable String start,
      @RequestParam(name = "end_date", required = false) @Nullable String end,
      @RequestParam(required = false) @Nullable String state,
      @RequestParam(required = false) @Nullable Integer limit,
      @RequestParam(required = false) @Nullable String cursor) {
    int size = Paging.size(limit);
    return Mono.fromCallable(() -> filter(start, end, state, cursor))
        .flatMap(f -> consent.inbox(caller.uId(), aId, f, size + 1).collectList())
        .map(list -> Paging.answer(
            request, list, size, InstanceController::position, InstanceController::summary));
  }

  /** An instance's position in the listing order, for the next page's cursor. */
  private static List<String> position(Instance i) {
    return List.of(i.startDate().toString(), i.iId());
  }

  private static InstanceStore.@Nullable After after(@Nullable String cursor) {
    return Paging.position(
        cursor, 2, p -> new InstanceStore.After(Instant.parse(p.get(0)), p.get(1)));
  }

  @GetMapping(path = "/v1/aa/instances/{iId}", produces = "application/json")
  @Operation(
      summary = "An instance, for its owner or its recipient (objects only while it is active)")
  Mono<InstanceDetail> get(Principal caller, @PathVariable String iId) {
    return consent
        .get(caller.uId(), iId)
        .map(v -> InstanceDetail.of(
            v.instance(),
            v.profileObjects().stream().map(ProfileObjectView::of).toList(),
            v.relationships().stream().map(RelationshipView::of).toList()));
  }

  @PutMapping(
      path = "/v1/aa/instances/{iId}",
      consumes = "application/json",
      produces = "application/json")
  @Operation(
      operationId = "instanceMoveState",
      summary = "Recipient: move the instance along the application's transitions")
  Mono<InstanceSummary> move(
      Principal caller, @PathVariable String iId, @RequestBody MoveRequest body) {
    return consent
        .transition(caller.uId(), iId, body.state(), body.custom())
        .map(InstanceController::summary);
  }

  @DeleteMapping(path = "/v1/aa/instances/{iId}", produces = "application/json")
  @Operation(summary = "Owner: withdraw consent; the recipient's access ends at once")
  Mono<InstanceSummary> withdraw(Principal caller, @PathVariable String iId) {
    // relying parties signed in under the instance hear of it over the back channel (OpenID
    // Connect)
    return consent
        .withdraw(caller.uId(), iId)
        .flatMap(i -> logout.instanceWithdrawn(i.iId()).thenReturn(i))
        .map(InstanceController::summary);
  }

  @GetMapping(
      path = "/v1/aa/instances/{iId}/profile-objects/{nId}/content",
      produces = "application/json")
  @Operation(
      operationId = "instanceGetSharedContent",
      summary = "Recipient: a shared document (base64) while the instance is active")
  Mono<ProfileResponses.Content> content(
      Principal caller, @PathVariable String iId, @PathVariable String nId) {
    return consent.content(caller.uId(), iId, nId).map(c -> new ProfileResponses.Content(nId, c));
  }

  @GetMapping(path = "/v1/aa/profile-objects/{nId}/shares", produces = "application/json")
  @Operation(
      operationId = "instanceListSharesOfObject",
      summary =
          "Which instances share an object, for its owner and admins, with each application's name")
  Mono<List<ConsentResponses.ShareView>> shares(Principal caller, @PathVariable String nId) {
    return consent
        .shares(caller.uId(), nId)
        .collectList()
        .flatMap(list -> labels
            .of(list.stream().map(m -> String.valueOf(m.get("a_id"))).toList())
            .map(names ->
                list.stream().map(m -> ConsentResponses.ShareView.of(m, names)).toList()));
  }

  static InstanceSummary summary(Instance i) {
    return InstanceSummary.of(i);
  }

  private InstanceStore.Filter filter(
      @Nullable String start,
      @Nullable String end,
      @Nullable String state,
      @Nullable String cursor) {
    return new InstanceStore.Filter(
        dateFilter("start_date", start),
        dateFilter("end_date", end),
        state == null || state.isBlank() ? null : state,
        after(cursor));
  }

  private InstanceStore.@Nullable DateFilter dateFilter(String name, @Nullable String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    try {
      Map<?, ?> m = json.readValue(raw, Map.class);
      if (!(m.get("date") instanceof String date)
          || !(m.get("op") instanceof String op)
          || !OPS.contains(op)) {
        throw Rejected.invalid(name, name + " is {\"date\": ISO-8601, \"op\": gt|gte|lt|lte|eq}");
      }
      return new InstanceStore.DateFilter(instant(name, date).orElseThrow(), op);
    } catch (JsonProcessingException e) {
      throw Rejected.invalid(name, name + " is URL-encoded JSON {\"date\", \"op\"}");
    }
  }

  private static java.util.Optional<Instant> instant(String name, @Nullable String value) {
    if (value == null) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(org.kith.core.Timestamps.parse(value)
        .orElseThrow(() -> Rejected.invalid(
            name, name + " is an ISO-8601 date-time (UTC without a zone) or date")));
  }
}
