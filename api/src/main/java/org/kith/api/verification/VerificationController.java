package org.kith.api.verification;

import com.nimbusds.jose.jwk.JWK;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.kith.api.web.ClientAddress;
import org.kith.api.web.ClientRateLimiter;
import org.kith.core.Rejected;
import org.kith.core.account.AccountSettings;
import org.kith.core.account.Principal;
import org.kith.core.audit.AuditEvent;
import org.kith.core.audit.AuditTrail;
import org.kith.core.audit.VerificationEvent;
import org.kith.core.verification.SdJwts;
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

  VerificationController(VerificationService verification, ClientRateLimiter limiter, SigningKeyRing ring,
      AuditTrail audit, Clock clock) {
    this.verification = verification;
    this.limiter = limiter;
    this.ring = ring;
    this.audit = audit;
    this.clock = clock;
  }

  record SignRequest(@Nullable Object data) {}

  record RecordRequest(@Nullable Object data, @Nullable String signature,
      @com.fasterxml.jackson.annotation.JsonProperty("subject_n_id") @Nullable String subjectNId) {}

  record FieldRequest(@Nullable String signature, @Nullable String nId, @Nullable List<Object> dataToVerify) {}

  record SdJwtRequest(@Nullable Object data, @Nullable String signature, @Nullable Object holderJwk) {}

  record PresentationRequest(@Nullable String sdJwt, @Nullable String aud, @Nullable String nonce) {}

  @PostMapping(path = "/v1/verify/sign", produces = "application/json")
  @SecurityRequirement(name = "bearer")
  @Operation(summary = "Sign a record (verifier role): detached ES256 JWS over the RFC 8785 canonical JSON of data")
  Mono<Map<String, Object>> sign(Principal caller, @RequestBody SignRequest body) {
    return verification.sign(caller, body.data()).map(s -> record(s.data(), s.signature()));
  }

  @PostMapping(path = "/v1/verify/check", produces = "application/json")
  @Operation(summary = "Check one record or an array of records (no authentication, rate-limited)")
  Mono<List<Map<String, Object>>> check(@RequestBody @Nullable Object body, ServerWebExchange exchange) {
    List<?> records = body instanceof List<?> list ? list : body == null ? List.of() : List.of(body);
    limiter.acquire(exchange, 1 + records.size() / RECORDS_PER_TOKEN);
    return Mono.fromCallable(() -> {
      List<Boolean> verified = verification.check(records);
      List<Map<String, Object>> out = new ArrayList<>(records.size());
      for (int i = 0; i < records.size(); i++) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (records.get(i) instanceof Map<?, ?> r) {
          m.put("data", r.get("data"));
          m.put("signature", r.get("signature"));
        }
        m.put("verified", verified.get(i));
        out.add(m);
      }
      return out;
    }).subscribeOn(Schedulers.parallel()); // signature checks are CPU work: never on the event loop
  }

  @PostMapping(path = "/v1/verify/records", produces = "application/json")
  @ResponseStatus(HttpStatus.CREATED)
  @SecurityRequirement(name = "bearer")
  @Operation(summary = "Store a Kith-signed document record as an ss_Verification profile object holding only keyed hashes")
  Mono<Map<String, Object>> store(Principal caller, @RequestBody RecordRequest body) {
    return verification.storeRecord(caller, body.data(), body.signature(), body.subjectNId()).map(r -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("n_id", r.nId());
      m.put("data", r.record());
      m.put("signature", r.signature());
      return m;
    });
  }

  @PostMapping(path = "/v1/verify/field", produces = "application/json")
  @Operation(summary = "Is this the verified value? (no authentication; wrong values are counted and limited)")
  Mono<List<Map<String, Object>>> field(@RequestBody FieldRequest body, ServerWebExchange exchange) {
    limiter.acquire(exchange, 1);
    return verification.checkField(body.nId(), body.signature(), body.dataToVerify() == null ? List.of()
            : body.dataToVerify(), ClientAddress.of(exchange))
        .map(answers -> answers.stream().map(a -> {
          Map<String, Object> data = new LinkedHashMap<>();
          if (a.field() != null) {
            data.put("field", a.field());
          }
          data.put("value", a.value());
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("data", data);
          m.put("verified", a.verified());
          return m;
        }).toList());
  }

  @PostMapping(path = "/v1/verify/sd-jwt", produces = "application/json")
  @SecurityRequirement(name = "bearer")
  @Operation(summary = "Issue an SD-JWT (RFC 9901) of a Kith-signed record; each document field is a disclosure")
  Mono<Map<String, Object>> sdJwt(Principal caller, @RequestBody SdJwtRequest body) {
    return Mono.fromCallable(() -> {
      SdJwts.Issued issued = verification.issueSdJwt(caller, body.data(), body.signature(), body.holderJwk());
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("sd_jwt", issued.sdJwt());
      m.put("disclosures", issued.disclosures().stream().map(d -> {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("name", d.name());
        e.put("value", d.value());
        e.put("disclosure", d.disclosure());
        return e;
      }).toList());
      return m;
    });
  }

  @PostMapping(path = "/v1/verify/sd-jwt/check", produces = "application/json")
  @Operation(summary = "Check an SD-JWT presentation (no authentication, rate-limited): disclosed claims or the reason")
  Mono<Map<String, Object>> checkSdJwt(@RequestBody PresentationRequest body, ServerWebExchange exchange) {
    limiter.acquire(exchange, 1);
    return Mono.fromCallable(() -> {
      SdJwts.Result result = verification.verifySdJwt(body.sdJwt(), body.aud(), body.nonce());
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("verified", result.presentation() != null);
      if (result.presentation() != null) {
        m.put("claims", result.presentation().claims());
        m.put("key_bound", result.presentation().keyBound());
      } else {
        m.put("reason", result.reason());
      }
      return m;
    });
  }

  @GetMapping(path = "/v1/verify/keys", produces = "application/json")
  @SecurityRequirement(name = "bearer")
  @Operation(summary = "Signing keys (admin): kid, status (current or retired), creation time; public data only")
  List<Map<String, Object>> keys(Principal caller) {
    requireAdmin(caller);
    List<JWK> all = ring.keys().all();
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      JWK key = all.get(i);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("kid", key.getKeyID());
      m.put("status", i == 0 ? "current" : "retired");
      m.put("created_at", key.getIssueTime() == null ? null : key.getIssueTime().toInstant().toString());
      m.put("alg", "ES256");
      out.add(m);
    }
    return out;
  }

  @PostMapping(path = "/v1/verify/keys/rotate", produces = "application/json")
  @SecurityRequirement(name = "bearer")
  @Operation(summary = "Rotate the signing key (admin): a new key signs; the old one is retired and still verifies")
  Mono<Map<String, Object>> rotate(Principal caller) {
    requireAdmin(caller);
    return Mono.fromCallable(ring::rotate).subscribeOn(Schedulers.boundedElastic())
        .flatMap(kid -> signingKeyEvent(caller, new VerificationEvent.SigningKeyRotated(kid))
            .thenReturn(Map.<String, Object>of("kid", kid)));
  }

  @DeleteMapping(path = "/v1/verify/keys/{kid}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @SecurityRequirement(name = "bearer")
  @Operation(summary = "Remove a retired signing key (admin): what it signed no longer verifies")
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
    }).subscribeOn(Schedulers.boundedElastic())
        .then(Mono.defer(() -> signingKeyEvent(caller, new VerificationEvent.SigningKeyRemoved(kid))));
  }

  private Mono<Void> signingKeyEvent(Principal caller, VerificationEvent event) {
    return audit.append(List.of(AuditEvent.of(VerificationEvent.SIGNING_KEYS, caller.uId(), clock.instant(), event)));
  }

  private static void requireAdmin(Principal caller) {
    if (!caller.hasRole(AccountSettings.ROLE_ADMIN)) {
      throw Rejected.forbidden("only platform admins manage signing keys");
    }
  }

  private static Map<String, Object> record(@Nullable Object data, String signature) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("data", data);
    m.put("signature", signature);
    return m;
  }
}
