package org.kith.api.verification;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.kith.api.verification.VerificationResponses.StoredRecordView;
import org.kith.core.Rejected;
import org.kith.core.account.Principal;
import org.kith.core.checks.BusinessChecks;
import org.kith.core.checks.BusinessRegistry;
import org.kith.core.checks.PhoneChecks;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Third-party checks under {@code /v1/verify}: a person proves they hold the phone number of one of their profile
 * objects with a code sent by SMS ({@code /phone}), or has a business number looked up in the business register
 * ({@code /business}), and gets a signed verification record of the result. 501 when the check's provider is not
 * configured.
 */
@RestController
final class CheckController {
  private final PhoneChecks phones;
  private final BusinessChecks businesses;

  CheckController(PhoneChecks phones, BusinessChecks businesses) {
    this.phones = phones;
    this.businesses = businesses;
  }

  /** Which business number to look up, and optionally which object of the caller's the record is about. */
  record BusinessRequest(@Nullable String nzbn, @Nullable String nId) {}

  /** What the register holds for the number. */
  record BusinessView(
      String nzbn,
      String entityName,
      String entityStatus,
      boolean registered,
      @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String entityType,
      @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String registrationDate) {
    static BusinessView of(BusinessRegistry.BusinessEntity b) {
      return new BusinessView(
          b.number(), b.name(), b.status(), b.registered(), b.type(), b.registrationDate());
    }
  }

  /** A business check: the register's facts and the stored record that vouches for them. */
  record BusinessCheckView(
      BusinessView business,
      String nId,
      @Schema(description = "the signed record") Map<String, Object> data,
      String signature) {}

  @PostMapping(path = "/v1/verify/business", produces = "application/json")
  @ResponseStatus(HttpStatus.CREATED)
  @SecurityRequirement(name = "bearer")
  @Operation(
      operationId = "verificationBusinessCheck",
      summary = "Look a New Zealand Business Number up in the business register and store a signed"
          + " ss_Verification record of what it holds (501 when no register is configured)")
  Mono<BusinessCheckView> business(Principal caller, @RequestBody BusinessRequest body) {
    return businesses
        .check(
            caller,
            body.nzbn(),
            body.nId() == null
                ? null
                : objectId(body.nId(), "the id of the profile object the record is about, or none"))
        .map(c -> new BusinessCheckView(
            BusinessView.of(c.business()),
            c.record().nId(),
            c.record().record(),
            c.record().signature()));
  }

  /** Which object's number to send a code to. */
  record SendRequest(@Nullable String nId) {}

  /** The code that arrived, for that object's number. */
  record CheckRequest(@Nullable String nId, @Nullable String code) {}

  /** A code is on its way. */
  record SentView(String status, String channel, String to) {}

  @PostMapping(path = "/v1/verify/phone", produces = "application/json")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @SecurityRequirement(name = "bearer")
  @Operation(
      operationId = "verificationPhoneSend",
      summary = "Send a one-time code by SMS to the phone number of a profile object you own"
          + " (501 when no SMS provider is configured)")
  Mono<SentView> send(Principal caller, @RequestBody SendRequest body) {
    return phones
        .send(caller, objectId(body.nId(), HOLDER))
        .map(s -> new SentView("pending", s.channel(), s.to()));
  }

  @PostMapping(path = "/v1/verify/phone/check", produces = "application/json")
  @ResponseStatus(HttpStatus.CREATED)
  @SecurityRequirement(name = "bearer")
  @Operation(
      operationId = "verificationPhoneCheck",
      summary =
          "Check the code that arrived; when right, store and return the signed ss_Verification record"
              + " that vouches for the number")
  Mono<StoredRecordView> check(Principal caller, @RequestBody CheckRequest body) {
    return phones
        .confirm(caller, objectId(body.nId(), HOLDER), body.code())
        .map(StoredRecordView::of);
  }

  private static final String HOLDER = "the id of the profile object that holds the phone number";

  /** The one rule for an {@code n_id} in these requests: present, not blank, at most 200 characters. */
  private static String objectId(@Nullable String nId, String meaning) {
    if (nId == null || nId.isBlank() || nId.length() > 200) {
      throw Rejected.invalid("n_id", meaning);
    }
    return nId;
  }
}
