package org.kith.api.auth;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.Valid;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.kith.api.web.StepUpRequired;
import org.kith.core.account.PersonalAccessTokenService;
import org.kith.core.account.PersonalAccessTokenStore.PersonalAccessToken;
import org.kith.core.account.Principal;
import org.kith.core.account.Scope;
import org.kith.core.account.StepUpPolicy;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code /v1/auth/personal-access-tokens}: long-lived scoped tokens; the secret is shown once. */
@RestController
@RequestMapping(path = "/v1/auth/personal-access-tokens", produces = "application/json")
@SecurityRequirement(name = "bearer")
final class PersonalAccessTokenController {
  private final PersonalAccessTokenService pats;
  private final StepUpPolicy stepUp;

  PersonalAccessTokenController(PersonalAccessTokenService pats, StepUpPolicy stepUp) {
    this.pats = pats;
    this.stepUp = stepUp;
  }

  record View(
      String id,
      String name,
      List<String> scopes,
      Instant createdAt,
      @Nullable Instant expiresAt,
      @Nullable String token) {
    static View of(PersonalAccessToken t, @Nullable String secret) {
      return new View(
          t.id(),
          t.name(),
          t.scopes().stream().map(Scope::wireName).sorted().toList(),
          t.createdAt(),
          t.expiresAt(),
          secret);
    }
  }

  record Listing(List<View> personalAccessTokens) {}

  @PostMapping(consumes = "application/json")
  @Operation(
      summary =
          "Create a token; its secret (field token) is shown only in this answer; needs a recent login"
              + " (step-up), so never a personal access token")
  @StepUpRequired(StepUpPolicy.Operation.CREATE_PERSONAL_ACCESS_TOKEN)
  Mono<ResponseEntity<View>> create(
      Principal caller, @Valid @RequestBody AuthRequests.CreatePersonalAccessToken body) {
    return stepUp
        .require(caller, StepUpPolicy.Operation.CREATE_PERSONAL_ACCESS_TOKEN)
        .then(Mono.defer(() ->
            pats.create(caller, body.name(), new HashSet<>(body.scopes()), body.expiresInDays())))
        .map(c -> ResponseEntity.status(HttpStatus.CREATED)
            .cacheControl(CacheControl.noStore())
            .body(View.of(c.token(), c.secret())));
  }

  @GetMapping
  @Operation(summary = "The caller's tokens, without secrets")
  Mono<Listing> list(Principal caller) {
    return pats.list(caller).map(t -> View.of(t, null)).collectList().map(Listing::new);
  }

  @GetMapping("/{id}")
  Mono<View> get(Principal caller, @PathVariable String id) {
    return pats.get(caller, id).map(t -> View.of(t, null));
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  Mono<Void> delete(Principal caller, @PathVariable String id) {
    return pats.delete(caller, id);
  }
}
