package org.kith.api.verification;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import org.jspecify.annotations.Nullable;
import org.kith.api.verification.VerificationResponses.StoredRecordView;
import org.kith.core.Rejected;
import org.kith.core.account.Principal;
import org.kith.core.checks.PhoneChecks;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code /v1/verify/phone}: a person proves they hold the phone number of one of their profile objects with a
 * code sent by SMS through the configured provider, and gets a signed verification record of it. 501 when no
 * SMS provider is configured.
 */
@RestController
final class PhoneCheckController {
  private final PhoneChecks phones;

  PhoneCheckController(PhoneChecks phones) {
    this.phones = phones;
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
        .send(caller, required(body.nId()))
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
    return phones.confirm(caller, required(body.nId()), body.code()).map(StoredRecordView::of);
  }

  private static String required(@Nullable String nId) {
    if (nId == null || nId.isBlank() || nId.length() > 200) {
      throw Rejected.invalid("n_id", "the id of the profile object that holds the phone number");
    }
    return nId;
  }
}
