package org.kith.api.auth;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.kith.api.web.StepUpRequired;
import org.kith.core.Rejected;
import org.kith.core.account.PasskeyStore.Passkey;
import org.kith.core.account.Principal;
import org.kith.core.account.StepUpPolicy;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code /v1/auth/webauthn}: passkeys. A signed-in person registers, lists, renames and deletes passkeys; anyone
 * asks for authentication options, and logs in with {@code POST /v1/auth/token} {@code grant_type=webauthn}.
 * The options are WebAuthn's own JSON forms ({@code PublicKeyCredentialCreationOptionsJSON}, {@code
 * PublicKeyCredentialRequestOptionsJSON}: camelCase, base64url), ready for {@code
 * PublicKeyCredential.parseCreationOptionsFromJSON}.
 */
@RestController
@RequestMapping(path = "/v1/auth/webauthn", produces = "application/json")
final class PasskeyController {
  private static final int TIMEOUT_MS = 300_000;
  private final PasskeyCeremonies ceremonies;
  private final StepUpPolicy stepUp;
  private final org.kith.api.web.ClientRateLimiter limiter;

  PasskeyController(
      PasskeyCeremonies ceremonies,
      StepUpPolicy stepUp,
      org.kith.api.web.ClientRateLimiter limiter) {
    this.ceremonies = ceremonies;
    this.stepUp = stepUp;
    this.limiter = limiter;
  }

  @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
  record Rp(String id, String name) {}

  @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
  record User(String id, String name, String displayName) {}

  @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
  record Param(String type, long alg) {}

  @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
  record Descriptor(String type, String id) {}

  @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
  record Selection(String residentKey, boolean requireResidentKey, String userVerification) {}

  /** WebAuthn's {@code PublicKeyCredentialCreationOptionsJSON}. */
  @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
  record CreationOptions(
      Rp rp,
      User user,
      String challenge,
      List<Param> pubKeyCredParams,
      long timeout,
      List<Descriptor> excludeCredentials,
      Selection authenticatorSelection,
      String attestation) {}

  /** WebAuthn's {@code PublicKeyCredentialRequestOptionsJSON}. */
  @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
  record RequestOptions(
      String challenge,
      long timeout,
      String rpId,
      List<Descriptor> allowCredentials,
      String userVerification) {}

  /** A registered passkey (no key material). */
  @Schema(name = "PasskeyView")
  record View(
      String id,
      String name,
      List<String> transports,
      boolean backupEligible,
      Instant createdAt,
      @Nullable Instant lastUsedAt) {
    static View of(Passkey k) {
      return new View(
          k.credentialId(),
          k.name(),
          k.transports(),
          k.backupEligible(),
          k.createdAt(),
          k.lastUsedAt());
    }
  }

  @Schema(name = "PasskeyListing")
  record Listing(List<View> credentials) {}

  /** {@code credential}: the {@code RegistrationResponseJSON} of {@code navigator.credentials.create}. */
  record Register(
      @NotEmpty @Size(max = 16) Map<String, Object> credential,
      @Nullable @Size(max = 100) String name) {}

  record Rename(@NotBlank @Size(max = 100) String name) {}

  @PostMapping("/registration/options")
  @SecurityRequirement(name = "bearer")
  @Operation(
      operationId = "webauthnRegistrationOptions",
      summary =
          "Options to create a passkey for the caller (a discoverable credential, single-use challenge);"
              + " needs a recent login (step-up)")
  @StepUpRequired(StepUpPolicy.Operation.ADD_SECOND_FACTOR)
  Mono<ResponseEntity<CreationOptions>> registrationOptions(Principal caller) {
    return signedIn(caller)
        .then(stepUp.require(caller, StepUpPolicy.Operation.ADD_SECOND_FACTOR))
        .then(Mono.defer(() -> ceremonies.registrationOptions(caller.uId())))
        .map(r -> new CreationOptions(
            new Rp(r.rp().id(), r.rp().name()),
            new User(r.userHandle(), caller.username(), caller.username()),
            r.challenge(),
            PasskeyCeremonies.ALGORITHMS.stream()
                .map(a -> new Param("public-key", a))
                .toList(),
            TIMEOUT_MS,
            r.excludeCredentialIds().stream()
                .map(id -> new Descriptor("public-key", id))
                .toList(),
            new Selection("required", true, "preferred"),
            "none"))
        .map(o -> ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(o));
  }

  @PostMapping(path = "/registration", consumes = "application/json")
  @ResponseStatus(HttpStatus.CREATED)
  @SecurityRequirement(name = "bearer")
  @Operation(
      operationId = "webauthnRegister",
      summary = "Verify and store a new passkey of the caller; needs a recent login (step-up)")
  @StepUpRequired(StepUpPolicy.Operation.ADD_SECOND_FACTOR)
  Mono<View> register(Principal caller, @Valid @RequestBody Register body) {
    String name =
        body.name() == null || body.name().isBlank() ? "passkey" : body.name().strip();
    return signedIn(caller)
        .then(stepUp.require(caller, StepUpPolicy.Operation.ADD_SECOND_FACTOR))
        .then(Mono.defer(() -> ceremonies.register(caller.uId(), body.credential(), name)))
        .map(View::of);
  }

  @GetMapping("/credentials")
  @SecurityRequirement(name = "bearer")
  @Operation(operationId = "webauthnListCredentials", summary = "The caller's passkeys")
  Mono<Listing> list(Principal caller) {
    return ceremonies
        .list(caller.uId())
        .map(l -> new Listing(l.stream().map(View::of).toList()));
  }

  @PutMapping(path = "/credentials/{id}", consumes = "application/json")
  @SecurityRequirement(name = "bearer")
  @Operation(
      operationId = "webauthnRenameCredential",
      summary = "Rename one of the caller's passkeys")
  Mono<View> rename(Principal caller, @PathVariable String id, @Valid @RequestBody Rename body) {
    return signedIn(caller)
        .then(ceremonies.rename(caller.uId(), id, body.name().strip()))
        .map(View::of);
  }

  @DeleteMapping("/credentials/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @SecurityRequirement(name = "bearer")
  @Operation(
      operationId = "webauthnDeleteCredential",
      summary = "Delete one of the caller's passkeys; needs a recent login (step-up)")
  @StepUpRequired(StepUpPolicy.Operation.REMOVE_SECOND_FACTOR)
  Mono<Void> delete(Principal caller, @PathVariable String id) {
    return signedIn(caller)
        .then(stepUp.require(caller, StepUpPolicy.Operation.REMOVE_SECOND_FACTOR))
        .then(Mono.defer(() -> ceremonies.delete(caller.uId(), id)));
  }

  @PostMapping("/authentication/options")
  @Operation(
      operationId = "webauthnAuthenticationOptions",
      summary =
          "Options for a passwordless login with a discoverable passkey (no username, no allowCredentials);"
              + " send the assertion to POST /v1/auth/token with grant_type=webauthn; rate-limited per client"
              + " address like the other unauthenticated routes (429 with Retry-After)")
  Mono<ResponseEntity<RequestOptions>> authenticationOptions(
      org.springframework.web.server.ServerWebExchange exchange) {
    return limiter
        .acquire(exchange, 1)
        .then(Mono.defer(() -> ceremonies
            .authenticationOptions()
            .map(c -> new RequestOptions(c, TIMEOUT_MS, ceremonies.rpId(), List.of(), "preferred"))
            .map(o -> ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(o))));
  }

  /** Passkeys are managed from a session, never with a personal access token or an application's token. */
  private static Mono<Void> signedIn(Principal caller) {
    return caller.credential() == Principal.Credential.TOKEN
        ? Mono.empty()
        : Mono.error(Rejected.forbidden("passkeys are managed from a signed-in session"));
  }
}
