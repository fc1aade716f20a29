package org.kith.core.checks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.kith.core.Failed;
import org.kith.core.Rejected;
import org.kith.core.account.LoginThrottle;
import org.kith.core.account.Principal;
import org.kith.core.audit.AuditEvent;
import org.kith.core.audit.AuditTrail;
import org.kith.core.audit.VerificationEvent;
import org.kith.core.profile.ProfileObject;
import org.kith.core.verification.RecordCrypto;
import org.kith.core.verification.VerificationService;
import reactor.core.publisher.Mono;

/**
 * Phone verification by SMS: a person asks for a code to be sent to the phone number of one of their profile
 * objects, types back what arrived, and, when the provider approves it, gets a signed {@code ss_Verification}
 * record that vouches for that number on that object (which OpenID Connect's {@code verified_claims} then cites).
 * The caller must own or administer the object. Sends are budgeted per object and per person, wrong codes
 * counted per object, because each send costs money and each code may be guessed.
 */
public final class PhoneChecks {
  /** The property of a profile object that holds its phone number (as {@code ss_NZ_Person} names it). */
  public static final String FIELD = "phone";

  /** The name of the check in the records it produces. */
  public static final String CHECK = "sms_code";

  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
  private static final Pattern CODE = Pattern.compile("[0-9]{4,10}");

  /** Codes sent to one object's number: three at once, then one more every ten minutes. */
  static final LoginThrottle.Budget PER_OBJECT =
      new LoginThrottle.Budget(3, Duration.ofMinutes(10));

  /** Codes one person has sent, to all their numbers. */
  static final LoginThrottle.Budget PER_PERSON =
      new LoginThrottle.Budget(10, Duration.ofMinutes(10));

  /** Wrong codes per object in {@link #WRONG_WINDOW}, beyond the provider's own limit per code. */
  static final int WRONG_CODES = 10;

  static final Duration WRONG_WINDOW = Duration.ofHours(1);

  /** A code went out: how, and to which number, masked. */
  public record Sent(String channel, String to) {}

  private final Optional<PhoneVerifier> verifier;
  private final VerificationService verification;
  private final RecordCrypto crypto;
  private final LoginThrottle throttle;
  private final AuditTrail audit;
  private final Clock clock;

  /** {@code verifier} empty: no provider configured, and every call answers 501. */
  public PhoneChecks(
      Optional<PhoneVerifier> verifier,
      VerificationService verification,
      RecordCrypto crypto,
      LoginThrottle throttle,
      AuditTrail audit,
      Clock clock) {
    this.verifier = verifier;
    this.verification = verification;
    this.crypto = crypto;
    this.throttle = throttle;
    this.audit = audit;
    this.clock = clock;
  }

  /** Sends a code to the phone number of object {@code nId}. */
  public Mono<Sent> send(Principal caller, String nId) {
    return Mono.defer(() -> {
      PhoneVerifier provider = verifier.orElseThrow(CheckKind.SMS::notConfigured);
      Instant now = clock.instant();
      List<String> keys = List.of("sms-send:object:" + nId, "sms-send:person:" + caller.uId());
      return number(caller, nId)
          .flatMap(to -> throttle
              .status(keys, now)
              .flatMap(statuses -> {
                Duration blocked = LoginThrottle.Status.longestBlock(statuses);
                if (!blocked.isZero()) {
                  return Mono.error(Rejected.tooManyRequests(
                      "too many codes were sent for this number or by you: try again later",
                      blocked));
                }
                return throttle
                    .recordSpend(keys.get(0), PER_OBJECT, now)
                    .then(throttle.recordSpend(keys.get(1), PER_PERSON, now))
                    .then(provider.send(to));
              })
              .flatMap(status -> switch (status) {
                case PENDING ->
                  audit(nId, caller, now, new VerificationEvent.PhoneCodeSent(provider.provider()))
                      .thenReturn(new Sent("sms", masked(to)));
                case TOO_MANY_ATTEMPTS ->
                  Mono.error(Rejected.tooManyRequests(
                      "the SMS provider refuses more codes for this number for now: try again later",
                      PER_OBJECT.interval()));
                case NUMBER_REFUSED ->
                  Mono.error(Rejected.invalid(
                      "n_id", "the SMS provider does not send codes to this phone number"));
                case APPROVED, NONE_PENDING ->
                  Mono.error(Failed.unavailable(
                      "the SMS provider answered a send with " + status,
                      new IllegalStateException(status.name())));
              }));
    });
  }

  /**
   * Checks {@code code} for the phone number of object {@code nId}: approved, it stores and returns the signed
   * record that vouches for the number.
   */
  public Mono<VerificationService.StoredRecord> confirm(
      Principal caller, String nId, @org.jspecify.annotations.Nullable String code) {
    return Mono.defer(() -> {
      PhoneVerifier provider = verifier.orElseThrow(CheckKind.SMS::notConfigured);
      if (code == null || !CODE.matcher(code).matches()) {
        return Mono.error(
            Rejected.invalid("code", "the code is 4 to 10 digits, as the SMS gave it"));
      }
      Instant now = clock.instant();
      String wrongKey = "sms-check:object:" + nId;
      return objectWithNumber(caller, nId)
          .flatMap(o -> throttle.status(List.of(wrongKey), now).flatMap(statuses -> {
            Duration blocked = LoginThrottle.Status.longestBlock(statuses);
            if (!blocked.isZero()) {
              return Mono.error(Rejected.tooManyRequests(
                  "too many wrong codes for this number: try again later", blocked));
            }
            String to = (String) o.properties().get(FIELD);
            return provider
                .check(to, code)
                .flatMap(status -> audit(
                        nId,
                        caller,
                        now,
                        new VerificationEvent.PhoneCodeChecked(
                            provider.provider(), status == PhoneCodeStatus.APPROVED))
                    .then(
                        switch (status) {
                          case APPROVED -> record(caller, o, provider.provider());
                          case PENDING ->
                            throttle
                                .recordFailure(wrongKey, WRONG_CODES, WRONG_WINDOW, now)
                                .then(Mono.error(
                                    Rejected.invalid("code", "the code is not the one sent")));
                          case NONE_PENDING ->
                            Mono.error(Rejected.invalid(
                                "code",
                                "no code is waiting for this number (it expired, was used, or the number"
                                    + " changed): send a new one"));
                          case TOO_MANY_ATTEMPTS ->
                            Mono.error(Rejected.tooManyRequests(
                                "too many wrong codes for this number: send a new one later",
                                PER_OBJECT.interval()));
                          case NUMBER_REFUSED ->
                            Mono.error(Rejected.invalid(
                                "n_id",
                                "the SMS provider does not send codes to this phone number"));
                        }));
          }));
    });
  }

  /** The signed source the record is made of: the number, the provider that checked it, and how. */
  private Mono<VerificationService.StoredRecord> record(
      Principal caller, ProfileObject o, String provider) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("schema_name", o.schema());
    data.put("document_data", Map.of(FIELD, o.properties().get(FIELD)));
    data.put("source", provider);
    data.put(
        "checks",
        List.of(Map.of(
            "name",
            CHECK,
            "passed",
            true,
            "detail",
            "a code sent by SMS to this number was typed back")));
    return verification.storeRecord(caller, data, crypto.sign(data), o.nId());
  }

  private Mono<String> number(Principal caller, String nId) {
    return objectWithNumber(caller, nId).map(o -> (String) o.properties().get(FIELD));
  }

  /** The object, if the caller owns or administers it and it holds a phone number in E.164. */
  private Mono<ProfileObject> objectWithNumber(Principal caller, String nId) {
    return verification.administered(caller, nId).flatMap(o -> {
      Object phone = o.properties().get(FIELD);
      if (!(phone instanceof String p) || !E164.matcher(p).matches()) {
        return Mono.error(Rejected.invalid(
            "n_id", "the object has no phone number in international form (like +64211234567)"));
      }
      return Mono.just(o);
    });
  }

  private Mono<Void> audit(String nId, Principal caller, Instant now, VerificationEvent event) {
    return audit.append(List.of(AuditEvent.of(nId, caller.uId(), now, event)));
  }

  /** The number with all but its country code's first digit and last three digits hidden. */
  static String masked(String e164) {
    int keep = 3;
    StringBuilder out = new StringBuilder(e164.substring(0, 2));
    for (int i = 2; i < e164.length() - keep; i++) {
      out.append('•');
    }
    return out.append(e164.substring(e164.length() - keep)).toString();
  }
}
