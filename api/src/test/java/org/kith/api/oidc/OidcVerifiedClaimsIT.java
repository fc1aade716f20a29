package org.kith.api.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.openid.connect.sdk.assurance.claims.VerifiedClaimsSet;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * OpenID Connect for Identity Assurance 1.0 in userinfo: a shared value that a Kith-signed verification record vouches
 * for comes back in {@code verified_claims} too (parsed with the Nimbus SDK), an unverified or edited one only as a
 * plain claim.
 */
@DisplayName("OpenID Provider: verified_claims from Kith verification records")
class OidcVerifiedClaimsIT extends OidcIT {
  /** A verifier signs a passport reading, the holder stores it as a record about their person object. */
  @SuppressWarnings("unchecked")
  String verify(User holder, String nId, String givenNames) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("given_names", givenNames);
    document.put("family_name", "Tester");
    document.put("date_of_birth", "1990-01-02");
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("schema_name", "ss_NZ_Passport");
    data.put("document_data", document);
    data.put("source", "Passport Office");
    Map<String, Object> signed = post("/v1/verify/sign", adminToken(), Map.of("data", data))
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    Map<String, Object> body = new LinkedHashMap<>(signed);
    body.put("subject_n_id", nId);
    return (String) post("/v1/verify/records", holder.token(), body)
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody()
        .get("n_id");
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> claims(String accessToken) {
    return userinfo(accessToken)
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
  }

  @Test
  @DisplayName(
      "verified fields come back in verified_claims with Kith's trust framework, time and evidence; an"
          + " unverified field only as a plain claim; a value edited after verification is no longer verified")
  void verifiedAndUnverified() throws Exception {
    Client c = client(null);
    User person = newUser("oidc-ida");
    String nId = person(person, "Aroha");
    String record = verify(person, nId, "Aroha");
    Map<String, Object> tokens = signIn(c, person.token(), "openid profile", List.of(nId));
    Map<String, Object> claims = claims((String) tokens.get("access_token"));
    assertThat(claims)
        .containsEntry("given_name", "Aroha")
        .containsEntry("family_name", "Tester")
        .containsEntry("birthdate", "1990-01-02")
        .containsKey("verified_claims");
    UserInfo info = UserInfo.parse(
        new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(claims));
    List<VerifiedClaimsSet> verified = info.getVerifiedClaims();
    assertThat(verified).hasSize(1);
    VerifiedClaimsSet set = verified.get(0);
    assertThat(set.getVerification().getTrustFramework().getValue()).isEqualTo("kith");
    assertThat(set.getVerification().getVerificationTime()).isNotNull();
    assertThat(set.getClaimsSet().getGivenName()).isEqualTo("Aroha");
    assertThat(set.getClaimsSet().getFamilyName()).isEqualTo("Tester");
    assertThat(set.getClaimsSet().getBirthdate()).isEqualTo("1990-01-02");
    Map<?, ?> evidence = (Map<?, ?>) ((List<?>)
            ((Map<?, ?>) ((Map<?, ?>) claims.get("verified_claims")).get("verification"))
                .get("evidence"))
        .get(0);
    assertThat(evidence.get("type")).isEqualTo("electronic_record");
    List<?> details = (List<?>) evidence.get("check_details");
    assertThat(details).hasSize(1);
    Map<?, ?> detail = (Map<?, ?>) details.get(0);
    assertThat(detail.get("check_method")).isEqualTo("vcrypt");
    assertThat(detail.get("organization")).isEqualTo("Passport Office");
    assertThat(detail.get("txn")).isEqualTo(record);

    // the value changes after verification: still a plain claim, no longer verified
    renamePerson(person, nId, "Hemi").expectStatus().is2xxSuccessful();
    Map<String, Object> after = claims((String) tokens.get("access_token"));
    assertThat(after).containsEntry("given_name", "Hemi");
    Map<?, ?> stillVerified = (Map<?, ?>) ((Map<?, ?>) after.get("verified_claims")).get("claims");
    assertThat(stillVerified.containsKey("given_name")).isFalse();
    assertThat(stillVerified.get("family_name")).isEqualTo("Tester");
  }

  @Test
  @DisplayName("a phone number verified by SMS comes back verified, citing the SMS provider")
  void phoneVerifiedBySms() {
    Client c = client(null);
    User person = newUser("oidc-ida-phone");
    String phone = "+64211239876";
    String nId = person(person, "Mere", phone);
    post("/v1/verify/phone", person.token(), Map.of("n_id", nId)).expectStatus().isAccepted();
    post("/v1/verify/phone/check", person.token(), Map.of("n_id", nId, "code", SMS.lastCode(phone)))
        .expectStatus()
        .isCreated();
    Map<String, Object> claims = claims(
        (String) signIn(c, person.token(), "openid phone", List.of(nId)).get("access_token"));
    assertThat(claims).containsEntry("phone_number", phone);
    Map<?, ?> verified = (Map<?, ?>) claims.get("verified_claims");
    assertThat(((Map<?, ?>) verified.get("claims")).get("phone_number")).isEqualTo(phone);
    Map<?, ?> evidence =
        (Map<?, ?>) ((List<?>) ((Map<?, ?>) verified.get("verification")).get("evidence")).get(0);
    Map<?, ?> detail = (Map<?, ?>) ((List<?>) evidence.get("check_details")).get(0);
    assertThat(detail.get("organization")).isEqualTo("twilio-verify");
  }

  @Test
  @DisplayName(
      "without a verification record, only plain claims; a record about another object does not count")
  void unverified() {
    Client c = client(null);
    User person = newUser("oidc-ida-plain");
    String shared = person(person, "Wiremu");
    String other = person(person, "Wiremu");
    verify(person, other, "Wiremu");
    Map<String, Object> claims = claims(
        (String) signIn(c, person.token(), "openid profile", List.of(shared)).get("access_token"));
    assertThat(claims).containsEntry("given_name", "Wiremu").doesNotContainKey("verified_claims");
  }

  @Test
  @DisplayName("discovery advertises verified_claims with Kith's trust framework")
  void discovery() {
    http.get()
        .uri("/.well-known/openid-configuration")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.verified_claims_supported")
        .isEqualTo(true)
        .jsonPath("$.trust_frameworks_supported")
        .isEqualTo(List.of("kith"))
        .jsonPath("$.evidence_supported")
        .isEqualTo(List.of("electronic_record"))
        .jsonPath("$.claims_in_verified_claims_supported")
        .value(v -> assertThat(((List<?>) v).stream().map(String::valueOf).toList())
            .contains("given_name", "family_name", "birthdate"));
  }
}
