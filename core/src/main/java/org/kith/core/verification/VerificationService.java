package org.kith.core.verification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.kith.core.Digests;
import org.kith.core.Ids;
import org.kith.core.Rejected;
import org.kith.core.account.AccountSettings;
import org.kith.core.account.LoginThrottle;
import org.kith.core.account.Principal;
import org.kith.core.account.SecretHasher;
import org.kith.core.audit.AuditEvent;
import org.kith.core.audit.AuditTrail;
import org.kith.core.audit.VerificationEvent;
import org.kith.core.profile.NewProfileObject;
import org.kith.core.profile.ProfileObject;
import org.kith.core.profile.ProfileObjectStore;
import org.kith.core.profile.ProfileService;
import reactor.core.publisher.Mono;

/**
 * Verification records. {@link #sign} is for verifiers; {@link #check} is for anyone. A Kith-signed document
 * record ({@code {schema_name, document_data, verifications?}}) becomes a stored {@code ss_Verification} profile
 * object ({@link #storeRecord}) whose fields hold only keyed hashes: HMAC-SHA-256 under a key only Kith holds,
 * over the canonical JSON of {@code [salt, field, value]}, so the record and its signature reveal nothing and
 * allow no offline guessing (a birth date has only ~40,000 values, a plain or salted hash would fall in
 * milliseconds). A relying party holding the record's signature asks {@link #checkField} "is this the value?"
 * and learns match / no match; wrong guesses are counted per record and per client address in the shared store
 * and blocked beyond a small budget. Thread-safe.
 */
public final class VerificationService {
  public static final String RECORD_SCHEMA = "ss_Verification";
  /** Most records in one check, values in one field check. */
  public static final int MAX_RECORDS = 1_000;

  public static final int MAX_VALUES = 20;
  /**
   * Values that may be tried per record (a value without {@code field} counts once per field of the record) and
   * per client address within {@link #GUESS_WINDOW}, right or wrong.
   */
  public static final int GUESSES_PER_RECORD = 10;

  public static final int GUESSES_PER_ADDRESS = 50;
  public static final Duration GUESS_WINDOW = Duration.ofHours(1);

  private final RecordCrypto crypto;
  private final SdJwts sdJwts;
  private final SecretHasher fieldKey;
  private final ProfileService profiles;
  private final ProfileObjectStore objects;
  private final LoginThrottle guesses;
  private final AuditTrail audit;
  private final Clock clock;

  public VerificationService(
      RecordCrypto crypto,
      SdJwts sdJwts,
      SecretHasher fieldKey,
      ProfileService profiles,
      ProfileObjectStore objects,
      LoginThrottle guesses,
      AuditTrail audit,
      Clock clock) {
    this.crypto = crypto;
    this.sdJwts = sdJwts;
    this.fieldKey = fieldKey;
    this.profiles = profiles;
    this.objects = objects;
    this.guesses = guesses;
    this.audit = audit;
    this.clock = clock;
  }

  /** A record as exchanged: data and its detached signature. */
  public record Signed(Object data, String signature) {}

  /** Signs any JSON data (verifiers only); the signing is audited on the verifier's trail by the data's hash. */
  public Mono<Signed> sign(Principal caller, @Nullable Object data) {
    if (!caller.hasRole(AccountSettings.ROLE_VERIFIER)) {
      return Mono.error(Rejected.forbidden("only verifiers may sign records"));
    }
    if (data == null) {
      return Mono.error(Rejected.invalid("data", "data is required"));
    }
    return Mono.fromCallable(() -> {
          try {
            return new Signed(data, crypto.sign(data));
          } catch (IllegalArgumentException e) {
            throw Rejected.invalid(
                "data", "not representable as canonical JSON (numbers beyond ±1e308?)");
          }
        })
        .flatMap(s -> audit
            .append(List.of(AuditEvent.of(
                caller.uId(),
                caller.uId(),
                clock.instant(),
                new VerificationEvent.RecordSigned(
                    org.kith.core.Digests.sha256Hex(crypto.canonical(data))))))
            .thenReturn(s));
  }

  /** Whether each record verifies; malformed records are simply not verified. */
  public List<Boolean> check(List<?> records) {
    if (records.isEmpty() || records.size() > MAX_RECORDS) {
      throw Rejected.invalid("records", "check 1 to " + MAX_RECORDS + " records at once");
    }
    List<Boolean> out = new ArrayList<>(records.size());
    for (Object r : records) {
      out.add(r instanceof Map<?, ?> m
          && m.get("signature") instanceof String s
          && crypto.verify(m.get("data"), s));
    }
    return out;
  }

  /** A stored field verification: the profile object's id and its public (hashed, signed) form. */
  public record StoredRecord(String nId, Map<String, Object> record, String signature) {}

  /**
   * Turns a Kith-signed document record into a stored {@code ss_Verification} owned by the caller. The source
   * must verify and carry {@code schema_name} and an object {@code document_data}; its {@code verifications}
   * (or {@code checks}) become the record's checks.
   */
  public Mono<StoredRecord> storeRecord(
      Principal caller,
      @Nullable Object data,
      @Nullable String signature,
      @Nullable String subjectNId) {
    if (!crypto.verify(data, signature)) {
      return Mono.error(Rejected.invalid("signature", "the record's signature does not verify"));
    }
    if (!(data instanceof Map<?, ?> source)
        || !(source.get("schema_name") instanceof String schema)
        || !(source.get("document_data") instanceof Map<?, ?> document)
        || document.isEmpty()) {
      return Mono.error(Rejected.invalid(
          "data", "a signed record with schema_name and a non-empty document_data"));
    }
    if (source.get("holder_u_id") instanceof String holder && !holder.equals(caller.uId())) {
      return Mono.error(Rejected.forbidden("this record was issued to another user"));
    }
    Instant now = clock.instant();
    String salt = Ids.randomToken(16);
    Map<String, Object> fields = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : document.entrySet()) {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("salted_hash", commitment(salt, String.valueOf(e.getKey()), e.getValue()));
      fields.put(String.valueOf(e.getKey()), f);
    }
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("schema_name", schema);
    if (subjectNId != null) {
      record.put("subject_n_id", subjectNId);
    }
    record.put("verified_at", now.toString());
    // who vouches: a verifier's signed record, or Kith's own reading of a document the holder
    // submitted
    record.put(
        "verifier", source.get("source") instanceof String s && !s.isBlank() ? s : "kith:verifier");
    record.put("salt", salt);
    record.put("fields", fields);
    Object checks =
        source.get("verifications") != null ? source.get("verifications") : source.get("checks");
    if (checks instanceof List<?> list) {
      record.put(
          "checks",
          list.stream()
              // a record vouches only for checks that were made and passed
              .filter(c -> c instanceof Map<?, ?> m
                  && m.get("name") instanceof String
                  && Boolean.TRUE.equals(m.get("passed")))
              .map(c -> {
                Map<?, ?> m = (Map<?, ?>) c;
                Map<String, Object> check = new LinkedHashMap<>();
                check.put("name", m.get("name"));
                check.put("passed", m.get("passed"));
                if (m.get("detail") instanceof String d) {
                  check.put("detail", d);
                }
                return check;
              })
              .toList());
    }
    String recordSignature = crypto.sign(record);
    Map<String, Object> properties = new LinkedHashMap<>(record);
    properties.put("signature", recordSignature);
    // a record may name as its subject only an object the caller owns or administers
    Mono<Void> subjectCheck =
        subjectNId == null ? Mono.empty() : administered(caller, subjectNId).then();
    return subjectCheck
        .then(profiles.create(
            caller.uId(),
            List.of(new NewProfileObject(RECORD_SCHEMA, List.of(), properties, null))))
        .map(created -> new StoredRecord(created.get(0).nId(), record, recordSignature));
  }

  /**
   * Object {@code nId} if the caller owns or administers it: the one rule for which objects a record or a check may
   * be about. 404 for an object the caller cannot see (as for one that does not exist), 403 for one seen without
   * ADMINS.
   */
  public Mono<ProfileObject> administered(Principal caller, String nId) {
    return objects
        .findWithAccess(caller.uId(), nId)
        .filter(v -> v.held().isPresent())
        .switchIfEmpty(Mono.error(() -> Rejected.notFound("no such profile object: " + nId)))
        .flatMap(v -> v.permission().includes(org.kith.core.authz.Permission.ADMINS)
            ? Mono.just(v.object())
            : Mono.error(Rejected.forbidden("you need IS_OWNER or ADMINS on object " + nId)));
  }

  /** One value's answer. */
  public record FieldAnswer(
      @Nullable String field, @Nullable Object value, boolean verified) {}

  /**
   * Is each value the one that was verified? 404 unless {@code nId} is a stored verification record whose
   * signature is exactly {@code signature} (so only someone given the record can ask). Mismatches count
   * against the record's and the address's budget; when exhausted, 429 until the window ends.
   */
  public Mono<List<FieldAnswer>> checkField(
      @Nullable String nId, @Nullable String signature, List<?> items, String clientAddress) {
    if (nId == null || signature == null || items.isEmpty() || items.size() > MAX_VALUES) {
      return Mono.error(
          Rejected.invalid("data_to_verify", "n_id, signature and 1 to " + MAX_VALUES + " values"));
    }
    Instant now = clock.instant();
    String addressKey = "field-addr:" + clientAddress;
    return objects
        .find(nId)
        .filter(o ->
            RECORD_SCHEMA.equals(o.schema()) && signature.equals(o.properties().get("signature")))
        .switchIfEmpty(Mono.error(() -> Rejected.notFound("no such verification record")))
        .flatMap(o -> {
          // the budget belongs to the record's salt, so copies of the record under other ids share
          // it
          String recordKey = "field:" + o.properties().get("salt");
          int fields =
              o.properties().get("fields") instanceof Map<?, ?> f ? Math.max(1, f.size()) : 1;
          int attempts = 0;
          for (Object item : items) {
            attempts +=
                item instanceof Map<?, ?> m && m.get("field") instanceof String ? 1 : fields;
          }
          attempts = Math.min(
              attempts, GUESSES_PER_RECORD + 1); // past the limit more counting changes nothing
          // reserve the attempts first, then look: concurrent requests cannot all slip under the
          // limit
          Mono<Void> reserve = Mono.empty();
          for (int i = 0; i < attempts; i++) {
            reserve = reserve
                .then(guesses.recordFailure(recordKey, GUESSES_PER_RECORD + 1, GUESS_WINDOW, now))
                .then(
                    guesses.recordFailure(addressKey, GUESSES_PER_ADDRESS + 1, GUESS_WINDOW, now));
          }
          return reserve
              .then(guesses.status(List.of(recordKey, addressKey), now))
              .flatMap(status -> {
                Duration wait = LoginThrottle.Status.longestBlock(status);
                if (!wait.isZero()) {
                  return Mono.error(Rejected.tooManyRequests(
                      "too many values tried for this record; try again later", wait));
                }
                return answer(o, signature, items, now);
              });
        });
  }

  private Mono<List<FieldAnswer>> answer(
      ProfileObject o, String signature, List<?> items, Instant now) {
    Map<String, Object> record = new LinkedHashMap<>(o.properties());
    record.remove("signature");
    boolean authentic = crypto.verify(record, signature);
    String salt = String.valueOf(record.get("salt"));
    Map<?, ?> fields = record.get("fields") instanceof Map<?, ?> f ? f : Map.of();
    List<FieldAnswer> answers = new ArrayList<>();
    for (Object item : items) {
      if (!(item instanceof Map<?, ?> m) || !m.containsKey("value")) {
        return Mono.error(Rejected.invalid("data_to_verify", "each entry is {value, field?}"));
      }
      Object value = m.get("value");
      String field = m.get("field") instanceof String s ? s : null;
      boolean match = false;
      if (authentic && record.get("salt") instanceof String) {
        for (Map.Entry<?, ?> e : fields.entrySet()) {
          if ((field == null || field.equals(e.getKey()))
              && e.getValue() instanceof Map<?, ?> fv
              && fv.get("salted_hash") instanceof String stored) {
            match |= Digests.same(stored, commitment(salt, String.valueOf(e.getKey()), value));
          }
        }
      }
      answers.add(new FieldAnswer(field, value, match));
    }
    long matched = answers.stream().filter(FieldAnswer::verified).count();
    return Mono.defer(() -> audit.append(List.of(AuditEvent.of(
            o.nId(), null, now, new VerificationEvent.FieldsChecked(answers.size(), matched)))))
        .thenReturn(List.copyOf(answers));
  }

  /**
   * Issues an SD-JWT of a Kith-signed document record; any signed-in user who holds such a record. The issue is
   * audited on the caller's trail by the record's hash.
   */
  public Mono<SdJwts.Issued> issueSdJwt(
      Principal caller,
      @Nullable Object data,
      @Nullable String signature,
      @Nullable Object holderJwk) {
    return Mono.fromCallable(() -> sdJwtOf(caller, data, signature, holderJwk))
        .flatMap(issued -> audit
            .append(List.of(AuditEvent.of(
                caller.uId(),
                caller.uId(),
                clock.instant(),
                new VerificationEvent.SdJwtIssued(
                    org.kith.core.Digests.sha256Hex(crypto.canonical(data)),
                    issued.disclosures().size(),
                    holderJwk != null))))
            .thenReturn(issued));
  }

  private SdJwts.Issued sdJwtOf(
      Principal caller,
      @Nullable Object data,
      @Nullable String signature,
      @Nullable Object holderJwk) {
    if (!crypto.verify(data, signature)) {
      throw Rejected.invalid("signature", "the record's signature does not verify");
    }
    if (!(data instanceof Map<?, ?> source)
        || !(source.get("document_data") instanceof Map<?, ?> document)) {
      throw Rejected.invalid("data", "a signed record with an object document_data");
    }
    if (source.get("holder_u_id") instanceof String holder && !holder.equals(caller.uId())) {
      throw Rejected.forbidden("this record was issued to another user");
    }
    Map<String, Object> visible = new LinkedHashMap<>();
    Map<String, @Nullable Object> disclosable = new LinkedHashMap<>();
    source.forEach((k, v) -> {
      if (!"document_data".equals(k)) {
        visible.put(String.valueOf(k), v);
      }
    });
    document.forEach((k, v) -> disclosable.put(String.valueOf(k), v));
    return sdJwts.issue(visible, disclosable, holderJwk);
  }

  public SdJwts.Result verifySdJwt(
      @Nullable String presentation, @Nullable String audience, @Nullable String nonce) {
    if (presentation == null || presentation.isEmpty()) {
      throw Rejected.invalid("sd_jwt", "the presentation is required");
    }
    return sdJwts.verify(presentation, audience, nonce);
  }

  /**
   * Whether the properties of a stored {@code ss_Verification} object are a record Kith signed (the signature over
   * the record without it verifies) that vouches that {@code field} had exactly {@code value}.
   */
  public boolean vouches(Map<String, Object> stored, String field, @Nullable Object value) {
    Map<String, Object> record = new LinkedHashMap<>(stored);
    Object signature = record.remove("signature");
    if (!(signature instanceof String text)
        || !(record.get("salt") instanceof String salt)
        || !(record.get("fields") instanceof Map<?, ?> fields)
        || !(fields.get(field) instanceof Map<?, ?> f)
        || !(f.get("salted_hash") instanceof String hash)
        || !crypto.verify(record, text)) {
      return false;
    }
    try {
      return Digests.same(hash, commitment(salt, field, value));
    } catch (Rejected e) {
      return false;
    }
  }

  private String commitment(String salt, String field, @Nullable Object value) {
    try {
      return fieldKey.hash(crypto.canonical(java.util.Arrays.asList(salt, field, value)));
    } catch (IllegalArgumentException e) {
      throw Rejected.invalid(
          "data_to_verify", "a value is not representable as JSON (numbers beyond ±1e308?)");
    }
  }
}
