package org.kith.api.verification;

import com.nimbusds.jose.jwk.JWK;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.kith.api.verification.VerificationResponses.CheckResult;
import org.kith.api.verification.VerificationResponses.CheckedRecord;
import org.kith.api.verification.VerificationResponses.FieldCheck;
import org.kith.api.verification.VerificationResponses.IssuedSdJwt;
import org.kith.api.verification.VerificationResponses.PresentationCheck;
import org.kith.api.verification.VerificationResponses.RotatedKey;
import org.kith.api.verification.VerificationResponses.SignedRecord;
import org.kith.api.verification.VerificationResponses.SigningKeyView;
import org.kith.api.verification.VerificationResponses.StoredRecordView;
import org.kith.api.verification.VerificationResponses.UnreadableRecord;
import org.kith.api.web.ClientAddress;
import org.kith.api.web.ClientRateLimiter;
import org.kith.core.Rejected;
import org.kith.core.account.AccountSettings;
import org.kith.core.account.Principal;
import org.kith.core.audit.AuditEvent;
import org.kith.core.audit.AuditTrail;
import org.kith.core.audit.VerificationEvent;
import org.kith.core.verification.VerificationService;
import org.kith.crypto.keys.SigningKeyRing;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code /v1/verify}: verifiers sign records; anyone checks them (rate-limited per client address); holders
 * store field verifications and get SD-JWTs of their records; relying parties ask whether a value is the
 * verified one and check SD-JWT presentations; admins rotate and retire signing keys.
 */
@RestController
final class VerificationController {
  /** Records per rate-limit token on {@code /check}: a request costs 1 + records / 10. */
  private static final int RECORDS_PER_TOKEN = 10;

  private final VerificationService verification;
  private final ClientRateLimiter limiter;
  private final SigningKeyRing ring;
  private final AuditTrail audit;
  private final Clock clock;

  VerificationController(
      VerificationService verification,
      ClientRateLimiter limiter,
      SigningKeyRing ring,
      AuditTrail audit,
      Clock clock) {
    this.verification = verification;
    this.limiter = limiter;
    this.ring = ring;
    this.audit = audit;
    this.clock = clock;
  }

  record SignRequest(@Nullable Object data) {}

  record RecordRequest(
      @Nullable Object data,
      @Nullable String signature,

      @com.fasterxml.jackson.annotation.JsonProperty("subject_n_id") @Nullable
      String subjectNId) {}

  record FieldRequest(
      @Nullable String signature,
      @Nullable String nId,
      @Nullable List<Object> dataToVerify) {}

  record SdJwtRequest(
      @Nullable Object data,
      @Nullable String signature,
      @Nullable Object holderJwk) {}

  record PresentationRequest(
      @Nullable String sdJwt,
      @Nullable String aud,
      @Nullable String nonce) {}

  @PostMapping(path = "/v1/verify/sign", produces = "application/json")
  @SecurityRequirement(name = "bearer")
  @Operation(
      operationId = "verificationSignRecord",
      summary =
          "Sign a record (verifier role): detached ES256 JWS over the RFC 8785 canonical JSON of data")
  Mono<SignedRecord> sign(Principal caller, @RequestBody SignRequest body) {
    return verification
        .sign(caller, body.data())
        .map(s -> new SignedRecord(s.data(), s.signature()));
  }

  @PostMapping(path = "/v1/verify/check", produces = "application/json")
  @Operation(
      operationId = "verificationCheckRecords",
      summary = "Check one record or an array of records (no authentication, rate-limited)")
  Mono<List<CheckResult>> check(@RequestBody @Nullable Object body, ServerWebExchange exchange) {
    List<?> records =
        body instanceof List<?> list ? list : body == null ? List.of() : List.of(body);
    return limiter
        .acquire(exchange, 1 + records.size() / RECORDS_PER_TOKEN)
        .then(Mono.defer(() -> Mono.fromCallable(() -> {
              List<Boolean> verified = verification.check(records);
              List<CheckResult> out = new ArrayList<>(records.size());
              for (int i = 0; i < records.size(); i++) {
                out.add(
                    records.get(i) instanceof Map<?, ?> r
                        ? new CheckedRecord(r.get("data"), r.get("signature"), verified.get(i))
                        : new UnreadableRecord(verified.get(i)));
              }
              return out;
            })
            // signature checks are CPU work: never on the event loop
            .subscribeOn(Schedulers.parallel())));
  }

  @PostMapping(path = "/v1/verify/records", produces = "application/json")
  @ResponseStatus(HttpStatus.CREATED)
  @SecurityRequirement(name = "bearer")
  @Operation(
      operationId = "verificationStoreRecord",
      summary =
          "Store a Kith-signed document record as an ss_Verification profile object holding only keyed hashes")
  Mono<StoredRecordView> store(Principal caller, @RequestBody RecordRequest body) {
    return verification
        .storeRecord(caller, body.data(), body.signature(), body.subjectNId())
        .map(StoredRecordView::of);
  }

  @PostMapping(path = "/v1/verify/field", produces = "application/json")
  @Operation(
      operationId = "verificationCheckField",
      summary =
          "Is this the verified value? (no authentication; wrong values are counted and limited)")
  Mono<List<FieldCheck>> field(@RequestBody FieldRequest body, ServerWebExchange exchange) {
    return limiter
        .acquire(exchange, 1)
        .then(Mono.defer(() -> verification
            .checkField(
                body.nId(),
                body.signature(),
                body.dataToVerify() == null ? List.of() : body.dataToVerify(),
                ClientAddress.network(exchange))
            .map(answers -> answers.stream().map(FieldCheck::of).toList())));
  }

  @PostMapping(path = "/v1/verify/sd-jwt", produces = "application/json")
  @SecurityRequirement(name = "bearer")
  @Operation(
      operationId = "verificationIssueSdJwt",
      summary =
          "Issue an SD-JWT (RFC 9901) of a Kith-signed record; each document field is a disclosure")
  Mono<IssuedSdJwt> sdJwt(Principal caller, @RequestBody SdJwtRequest body) {
    return verification
        .issueSdJwt(caller, body.data(), body.signature(), body.holderJwk())
        .map(IssuedSdJwt::of);
  }

  @PostMapping(path = "/v1/verify/sd-jwt/check", produces = "application/json")
  @Operation(
      operationId = "verificationCheckSdJwt",
      summary =
          "Check an SD-JWT presentation (no authentication, rate-limited): disclosed claims or the reason")
  Mono<PresentationCheck> checkSdJwt(
      @RequestBody PresentationRequest body, ServerWebExchange exchange) {
    return limiter
        .acquire(exchange, 1)
        .then(Mono.defer(() -> Mono.fromCallable(() -> PresentationCheck.of(
            verification.verifySdJwt(body.sdJwt(), body.aud(), body.nonce())))));
  }

  @GetMapping(path = "/v1/verify/keys", produces = "application/json")
  @SecurityRequirement(name = "bearer")
  @Operation(
      operationId = "verificationListSigningKeys",
      summary =
          "Signing keys (admin): kid, status (current or retired), creation time; public data only")
  List<SigningKeyView> keys(Principal caller) {
    requireAdmin(caller);
    List<JWK> all = ring.keys().all();
    List<SigningKeyView> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      JWK key = all.get(i);
      out.add(new SigningKeyView(
          key.getKeyID(),
          i == 0 ? "current" : "retired",
          key.getIssueTime() == null ? null : key.getIssueTime().toInstant().toString(),
          "ES256"));
    }
    return out;
  }

  @PostMapping(path = "/v1/verify/keys/rotate", produces = "application/json")
  @SecurityRequirement(name = "bearer")
  @Operation(
      operationId = "verificationRotateSigningKey",
      summary =
          "Rotate the signing key (admin): a new key signs; the old one is retired and still verifies")
  Mono<RotatedKey> rotate(Principal caller) {
    requireAdmin(caller);
    return Mono.fromCallable(ring::rotate)
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(kid -> signingKeyEvent(caller, new VerificationEvent.SigningKeyRotated(kid))
            .thenReturn(new RotatedKey(kid)));
  }

  @DeleteMapping(path = "/v1/verify/keys/{kid}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @SecurityRequirement(name = "bearer")
  @Operation(
      operationId = "verificationRemoveSigningKey",
      summary = "Remove a retired signing key (admin): what it signed no longer verifies")
  Mono<Void> remove(Principal caller, @PathVariable String kid) {
    requireAdmin(caller);
    return Mono.<Void>fromRunnable(() -> {
          try {
            if (!ring.remove(kid)) {
              throw Rejected.notFound("no such signing key");
            }
          } catch (IllegalArgumentException e) {
            throw Rejected.conflict(e.getMessage());
          }
        })
        .subscribeOn(Schedulers.boundedElastic())
        .then(Mono.defer(
            () -> signingKeyEvent(caller, new VerificationEvent.SigningKeyRemoved(kid))));
  }

  private Mono<Void> signingKeyEvent(Principal caller, VerificationEvent event) {
    return audit.append(List.of(
        AuditEvent.of(VerificationEvent.SIGNING_KEYS, caller.uId(), clock.instant(), event)));
  }

  private static void requireAdmin(Principal caller) {
    if (!caller.hasRole(AccountSettings.ROLE_ADMIN)) {
      throw Rejected.forbidden("only platform admins manage signing keys");
    }
  }
}
