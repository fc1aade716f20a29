package org.kith.core.checks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.kith.core.ProblemKind;
import org.kith.core.Rejected;
import org.kith.core.account.LoginThrottle;
import org.kith.core.account.Principal;
import org.kith.core.verification.RecordCrypto;
import org.kith.core.verification.VerificationService;
import reactor.core.publisher.Mono;

/**
 * Business-number checks: a person asks the business register about a New Zealand Business Number and gets what it
 * holds, together with a signed {@code ss_Verification} record of it (schema {@code ss_NZ_Business}, about an
 * object of theirs when they name one). The record holds only keyed hashes of the facts, like every record, and the
 * check {@code business_register} only when the register says the business is registered (records carry passed
 * checks only); the answer carries the facts themselves. Lookups are budgeted per person, since each costs the register's quota; a
 * number whose check digit is wrong is refused before the register is asked.
 */
public final class BusinessChecks {
  /** The schema name the records of these checks carry. */
  public static final String SCHEMA = "ss_NZ_Business";

  /** The name of the check in the records. */
  public static final String CHECK = "business_register";

  /** Lookups per person: twenty at once, then one more every three minutes. */
  static final LoginThrottle.Budget PER_PERSON =
      new LoginThrottle.Budget(20, Duration.ofMinutes(3));

  /** A check made: the register's facts and the stored record. */
  public record Checked(
      BusinessRegistry.BusinessEntity business, VerificationService.StoredRecord record) {}

  private final Optional<BusinessRegistry> registry;
  private final VerificationService verification;
  private final RecordCrypto crypto;
  private final LoginThrottle throttle;
  private final Clock clock;

  /** {@code registry} empty: no register configured, and every call answers 501. */
  public BusinessChecks(
      Optional<BusinessRegistry> registry,
      VerificationService verification,
      RecordCrypto crypto,
      LoginThrottle throttle,
      Clock clock) {
    this.registry = registry;
    this.verification = verification;
    this.crypto = crypto;
    this.throttle = throttle;
    this.clock = clock;
  }

  /**
   * Looks {@code number} up and records what the register holds, about object {@code subjectNId} when given
   * (which the caller must own or administer: checked before the register is asked or the budget spent).
   */
  public Mono<Checked> check(
      Principal caller, @Nullable String number, @Nullable String subjectNId) {
    return Mono.defer(() -> {
      BusinessRegistry register = registry.orElseThrow(CheckKind.BUSINESS::notConfigured);
      String nzbn = number == null ? "" : number.replaceAll("[\\s-]", "");
      if (!validNzbn(nzbn)) {
        return Mono.error(Rejected.invalid(
            "nzbn", "an NZBN is 13 digits with a valid check digit, like 9429041535134"));
      }
      Instant now = clock.instant();
      String key = "business-lookup:person:" + caller.uId();
      // the object a record will be about is checked first: a lookup the caller may not record
      // spends nothing
      Mono<Void> subject = subjectNId == null
          ? Mono.empty()
          : verification.administered(caller, subjectNId).then();
      return subject
          .then(throttle.status(List.of(key), now))
          .flatMap(statuses -> {
            Duration blocked = LoginThrottle.Status.longestBlock(statuses);
            if (!blocked.isZero()) {
              return Mono.error(
                  Rejected.tooManyRequests("too many business lookups: try again later", blocked));
            }
            return throttle.recordSpend(key, PER_PERSON, now).then(register.lookup(nzbn));
          })
          .flatMap(found -> found.isEmpty()
              ? Mono.error(Rejected.of(
                  ProblemKind.UNPROCESSABLE,
                  "the business register holds no business with this NZBN"))
              : record(caller, found.get(), register.provider(), subjectNId)
                  .map(r -> new Checked(found.get(), r)));
    });
  }

  private Mono<VerificationService.StoredRecord> record(
      Principal caller,
      BusinessRegistry.BusinessEntity b,
      String provider,
      @Nullable String subjectNId) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("nzbn", b.number());
    document.put("entity_name", b.name());
    document.put("entity_status", b.status());
    if (b.type() != null) {
      document.put("entity_type", b.type());
    }
    if (b.registrationDate() != null) {
      document.put("registration_date", b.registrationDate());
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("schema_name", SCHEMA);
    data.put("document_data", document);
    data.put("source", provider);
    data.put(
        "checks",
        List.of(Map.of(
            "name", CHECK, "passed", b.registered(), "detail", "register status: " + b.status())));
    return verification.storeRecord(caller, data, crypto.sign(data), subjectNId);
  }

  /** GS1 check digit: weights 3 and 1 alternating from the digit left of the check digit. */
  static boolean validNzbn(String nzbn) {
    if (!nzbn.matches("[0-9]{13}")) {
      return false;
    }
    int sum = 0;
    for (int i = 11, w = 3; i >= 0; i--, w = w == 3 ? 1 : 3) {
      sum += (nzbn.charAt(i) - '0') * w;
    }
    return (10 - sum % 10) % 10 == nzbn.charAt(12) - '0';
  }
}
