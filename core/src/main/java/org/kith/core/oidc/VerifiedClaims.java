package org.kith.core.oidc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.kith.core.authz.Permission;
import org.kith.core.profile.ProfileObject;
import org.kith.core.profile.ProfileObjectStore;
import org.kith.core.verification.VerificationService;
import reactor.core.publisher.Mono;

/**
 * OpenID Connect for Identity Assurance 1.0 {@code verified_claims}: a claim userinfo returns is verified when the
 * shared object it is read from is the subject ({@code subject_n_id}) of an {@code ss_Verification} record owned by
 * the person, Kith's signature on that record verifies, and the record's keyed hash of the property is the hash of
 * the value the object holds now (an edited value is no longer verified). Each such record becomes one
 * {@code verified_claims} element: {@code trust_framework} {@value #TRUST_FRAMEWORK}, the verification's time, the
 * evidence (an electronic record checked by its signature: who vouched, the record's id and kind) and the claims it
 * vouches for. The record itself is not shared; only that the shared value was verified, when and by whom.
 */
public final class VerifiedClaims {
  /** Kith's own trust framework: verification records signed under Kith's keys. */
  public static final String TRUST_FRAMEWORK = "kith";

  public static final String EVIDENCE = "electronic_record";
  /** The claims that can be verified (the person's details). */
  public static final List<String> CLAIMS = StandardClaims.SOURCES.stream()
      .filter(s -> s.schema().equals(StandardClaims.PERSON))
      .map(StandardClaims.Source::claim)
      .toList();

  private static final int MAX_RECORDS = 100;

  private final ProfileObjectStore objects;
  private final VerificationService verification;

  public VerifiedClaims(ProfileObjectStore objects, VerificationService verification) {
    this.objects = objects;
    this.verification = verification;
  }

  /** {@code claims} with {@code verified_claims} added when any of them is verified; the plain claims stay. */
  public Mono<Map<String, Object>> add(
      Map<String, Object> claims, Set<String> scopes, List<ProfileObject> shared, String ownerUId) {
    ProfileObjectStore.VisibleQuery query = recordsQuery(scopes, shared);
    if (query == null) {
      return Mono.just(claims);
    }
    return objects
        .visible(ownerUId, query)
        .map(ProfileObjectStore.VisibleObject::object)
        .collectList()
        .map(records -> add(claims, scopes, shared, records));
  }

  /**
   * Which of the sharer's objects can verify the claims {@code shared} answers for these scopes: the sharer's own
   * verification records; null when no claim is answered (nothing to verify).
   */
  public static ProfileObjectStore.@Nullable VisibleQuery recordsQuery(
      Set<String> scopes, List<ProfileObject> shared) {
    return answers(scopes, shared).isEmpty()
        ? null
        : new ProfileObjectStore.VisibleQuery(
            List.of(),
            List.of(VerificationService.RECORD_SCHEMA),
            List.of(Permission.IS_OWNER),
            null,
            MAX_RECORDS);
  }

  /**
   * {@code claims} with {@code verified_claims} added from {@code records} (the sharer's objects that
   * {@link #recordsQuery} found) when any of the claims is verified; the plain claims stay.
   */
  public Map<String, Object> add(
      Map<String, Object> claims,
      Set<String> scopes,
      List<ProfileObject> shared,
      List<ProfileObject> records) {
    Map<String, Answer> answers = answers(scopes, shared);
    List<Map<String, Object>> elements = new ArrayList<>();
    for (ProfileObject r : records) {
      Map<String, Object> vouched = new LinkedHashMap<>();
      answers.forEach((claim, a) -> {
        if (a.nId().equals(r.properties().get("subject_n_id"))
            && verification.vouches(r.properties(), a.property(), a.value())) {
          vouched.put(claim, a.value());
        }
      });
      if (!vouched.isEmpty()) {
        elements.add(Map.of("verification", verification(r), "claims", vouched));
      }
    }
    if (elements.isEmpty()) {
      return claims;
    }
    Map<String, Object> out = new LinkedHashMap<>(claims);
    out.put("verified_claims", elements.size() == 1 ? elements.get(0) : elements);
    return out;
  }

  /** Which shared object and property answered each claim (as {@link StandardClaims#of} chose them). */
  private record Answer(String nId, String property, Object value) {}

  private static Map<String, Answer> answers(Set<String> scopes, List<ProfileObject> shared) {
    Map<String, Answer> out = new LinkedHashMap<>();
    for (StandardClaims.Source s : StandardClaims.SOURCES) {
      if (!scopes.contains(s.scope()) || out.containsKey(s.claim())) {
        continue;
      }
      shared.stream()
          .filter(o -> s.schema().equals(o.schema()))
          .filter(o -> o.properties().get(s.property()) instanceof String text && !text.isBlank())
          .findFirst()
          .ifPresent(o -> out.put(
              s.claim(), new Answer(o.nId(), s.property(), o.properties().get(s.property()))));
    }
    return out;
  }

  private static Map<String, Object> verification(ProfileObject record) {
    Map<String, Object> p = record.properties();
    String verifier = String.valueOf(p.getOrDefault("verifier", "kith:verifier"));
    Map<String, Object> check = new LinkedHashMap<>();
    check.put("check_method", "vcrypt");
    check.put("organization", verifier);
    check.put("txn", record.nId());
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("type", EVIDENCE);
    evidence.put("check_details", List.of(check));
    evidence.put(
        "record",
        Map.of(
            "type",
            String.valueOf(p.getOrDefault("schema_name", "document")),
            "source",
            Map.of("name", verifier)));
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("trust_framework", TRUST_FRAMEWORK);
    if (p.get("verified_at") instanceof String at) {
      // ISO 8601 to the second, as Identity Assurance's examples and common parsers expect
      String time = java.time.Instant.parse(at)
          .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
          .toString();
      v.put("time", time);
      evidence.put("time", time);
    }
    v.put("evidence", List.of(evidence));
    return v;
  }
}
