package org.kith.api.auth;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.Valid;
import java.util.List;
import org.kith.api.web.ClientAddress;
import org.kith.api.web.StepUpRequired;
import org.kith.core.account.Principal;
import org.kith.core.account.StepUpPolicy;
import org.kith.core.account.TotpService;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** {@code /v1/auth/mfa/totp}: the caller's TOTP authenticator (RFC 6238) and its recovery codes. */
@RestController
@RequestMapping(path = "/v1/auth/mfa/totp", produces = "application/json")
@SecurityRequirement(name = "bearer")
final class TotpController {
  private final TotpService totp;
  private final StepUpPolicy stepUp;

  TotpController(TotpService totp, StepUpPolicy stepUp) {
    this.totp = totp;
    this.stepUp = stepUp;
  }

  /** The key for the authenticator app: {@code secret} to type in, {@code otpauth_uri} for a QR code. */
  record TotpEnrolment(String secret, String otpauthUri) {}

  /** The ten single-use recovery codes, shown only in this answer. */
  record TotpRecoveryCodes(String message, List<String> recoveryCodes) {}

  /** Whether logins of the caller ask for a code. */
  record TotpStatus(boolean active) {}

  @GetMapping
  @Operation(
      operationId = "authTotpStatus",
      summary = "Whether the caller has an active TOTP authenticator (logins ask for a code)")
  Mono<TotpStatus> status(Principal caller) {
    return totp.active(caller).map(TotpStatus::new);
  }

  @PostMapping
  @Operation(
      operationId = "authStartTotp",
      summary =
          "Start enrolling a TOTP authenticator (not asked for at login until confirmed); 409 if one is"
              + " active; needs a recent login (step-up)")
  @StepUpRequired(StepUpPolicy.Operation.ADD_SECOND_FACTOR)
  Mono<ResponseEntity<TotpEnrolment>> start(Principal caller) {
    return stepUp
        .require(caller, StepUpPolicy.Operation.ADD_SECOND_FACTOR)
        .then(Mono.defer(() -> totp.enrol(caller)))
        .map(e -> ResponseEntity.ok()
            .cacheControl(CacheControl.noStore())
            .body(new TotpEnrolment(e.secret(), e.otpauthUri())));
  }

  @PostMapping(path = "/confirm", consumes = "application/json")
  @Operation(
      operationId = "authConfirmTotp",
      summary =
          "Confirm the enrolment with a current code: logins now ask for a code; returns 10 single-use"
              + " recovery codes; needs a recent login (step-up)")
  @StepUpRequired(StepUpPolicy.Operation.ADD_SECOND_FACTOR)
  Mono<ResponseEntity<TotpRecoveryCodes>> confirm(
      Principal caller, @Valid @RequestBody AuthRequests.TotpConfirm body) {
    return stepUp
        .require(caller, StepUpPolicy.Operation.ADD_SECOND_FACTOR)
        .then(Mono.defer(() -> totp.confirm(caller, body.code())))
        .map(codes -> ResponseEntity.ok()
            .cacheControl(CacheControl.noStore())
            .body(new TotpRecoveryCodes(
                "the authenticator is active; keep these recovery codes somewhere safe", codes)));
  }

  @DeleteMapping(consumes = "application/json")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(
      operationId = "authRemoveTotp",
      summary =
          "Remove the TOTP authenticator and its recovery codes, proven by the password or a current code;"
              + " needs a recent login (step-up)")
  @StepUpRequired(StepUpPolicy.Operation.REMOVE_SECOND_FACTOR)
  Mono<Void> remove(
      Principal caller,
      @Valid @RequestBody AuthRequests.TotpRemove body,
      ServerWebExchange exchange) {
    return stepUp
        .require(caller, StepUpPolicy.Operation.REMOVE_SECOND_FACTOR)
        .then(Mono.defer(() ->
            totp.disable(caller, body.password(), body.code(), ClientAddress.network(exchange))));
  }
}
