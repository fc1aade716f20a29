package org.kith.api.verification;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.kith.core.verification.SdJwts;
import org.kith.core.verification.VerificationService;

/** Response bodies of the /v1/verify routes (snake_case by the application's naming strategy). */
final class VerificationResponses {
  private VerificationResponses() {}

  /** A record and the platform's detached JWS over it. */
  record SignedRecord(
      @Schema(description = "the signed JSON value") @Nullable
      Object data,

      String signature) {}

  /** One checked record: as sent (when it was an object) and whether its signature verifies. */
  @Schema(anyOf = {CheckedRecord.class, UnreadableRecord.class})
  sealed interface CheckResult permits CheckedRecord, UnreadableRecord {}

  /** A record sent as an object: its {@code data} and {@code signature} as sent (null if missing). */
  record CheckedRecord(
      @Schema(description = "the record's data, as sent") @Nullable
      Object data,

      @Schema(description = "the record's signature, as sent") @Nullable
      Object signature,

      boolean verified)
      implements CheckResult {}

  /** A record sent as something other than an object: never verified. */
  record UnreadableRecord(boolean verified) implements CheckResult {}

  /** A stored verification record: the profile object that holds it, the record and its signature. */
  record StoredRecordView(
      String nId,
      @Schema(description = "the signed record") Map<String, Object> data,
      String signature) {
    static StoredRecordView of(VerificationService.StoredRecord r) {
      return new StoredRecordView(r.nId(), r.record(), r.signature());
    }
  }

  /** A field value asked about (and the field's name when it was given). */
  record FieldValue(
      @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String field,
      @Schema(description = "the value, as sent") @Nullable Object value) {}

  /** Whether a value is the verified one. */
  record FieldCheck(FieldValue data, boolean verified) {
    static FieldCheck of(VerificationService.FieldAnswer a) {
      return new FieldCheck(new FieldValue(a.field(), a.value()), a.verified());
    }
  }

  /** One disclosure of an SD-JWT: the field's name and value, and the disclosure string. */
  record DisclosureView(
      String name,

      @Schema(description = "the disclosed JSON value") @Nullable
      Object value,

      String disclosure) {}

  /** An issued SD-JWT ({@code jwt~d1~…~}) and its disclosures by field. */
  record IssuedSdJwt(String sdJwt, List<DisclosureView> disclosures) {
    static IssuedSdJwt of(SdJwts.Issued issued) {
      return new IssuedSdJwt(
          issued.sdJwt(),
          issued.disclosures().stream()
              .map(d -> new DisclosureView(d.name(), d.value(), d.disclosure()))
              .toList());
    }
  }

  /** A checked presentation: when verified, its disclosed claims and key binding; otherwise the reason. */
  record PresentationCheck(
      boolean verified,

      @JsonInclude(JsonInclude.Include.NON_NULL)
      @Schema(description = "when verified: the disclosed claims")
      @Nullable
      Map<String, Object> claims,

      @JsonInclude(JsonInclude.Include.NON_NULL)
      @Schema(description = "when verified: whether key binding was" + " proven")
      @Nullable
      Boolean keyBound,

      @JsonInclude(JsonInclude.Include.NON_NULL)
      @Schema(description = "when not verified: why")
      @Nullable
      String reason) {
    static PresentationCheck of(SdJwts.Result result) {
      SdJwts.Presentation p = result.presentation();
      return p != null
          ? new PresentationCheck(true, p.claims(), p.keyBound(), null)
          : new PresentationCheck(false, null, null, result.reason());
    }
  }

  /** A signing key's public facts. */
  record SigningKeyView(
      String kid,
      @Schema(description = "current or retired") String status,
      @Nullable String createdAt,
      String alg) {}

  /** The new signing key's id. */
  record RotatedKey(String kid) {}
}
