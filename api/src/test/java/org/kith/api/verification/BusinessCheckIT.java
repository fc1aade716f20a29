package org.kith.api.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.api.KithIT;
import org.springframework.core.ParameterizedTypeReference;

@DisplayName(
    "business-number checks (the NZBN API's wire format, against a local server speaking it)")
class BusinessCheckIT extends KithIT {
  private static final ParameterizedTypeReference<Map<String, Object>> JSON =
      new ParameterizedTypeReference<>() {};

  @Test
  @DisplayName(
      "a registered business comes back with its facts and a signed record that vouches for them")
  @SuppressWarnings("unchecked")
  void registered() {
    User u = newUser("business");
    String subject = person(u, "Rawiri");
    Map<String, Object> answer = post(
            "/v1/verify/business", u.token(), Map.of("nzbn", "9429-0415-35134", "n_id", subject))
        .expectStatus()
        .isCreated()
        .expectBody(JSON)
        .returnResult()
        .getResponseBody();
    assertThat((Map<String, Object>) answer.get("business"))
        .containsEntry("nzbn", FakeNzbnRegister.REGISTERED)
        .containsEntry("entity_name", "KITH TEST LIMITED")
        .containsEntry("entity_status", "Registered")
        .containsEntry("registered", true)
        .containsEntry("entity_type", "NZ Limited Company");
    Map<String, Object> data = (Map<String, Object>) answer.get("data");
    assertThat(data)
        .containsEntry("schema_name", "ss_NZ_Business")
        .containsEntry("subject_n_id", subject)
        .containsEntry("verifier", "nzbn");
    assertThat(data.toString()).doesNotContain("KITH TEST LIMITED");
    assertThat((List<Map<String, Object>>) data.get("checks"))
        .singleElement()
        .satisfies(c ->
            assertThat(c).containsEntry("name", "business_register").containsEntry("passed", true));
    List<Map<String, Object>> fields = post(
            "/v1/verify/field",
            Map.of(
                "signature",
                answer.get("signature"),
                "n_id",
                answer.get("n_id"),
                "data_to_verify",
                List.of(
                    Map.of("field", "entity_name", "value", "KITH TEST LIMITED"),
                    Map.of("field", "entity_name", "value", "SOMEONE ELSE LIMITED"))))
        .expectStatus()
        .isOk()
        .expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {})
        .returnResult()
        .getResponseBody();
    assertThat(fields).extracting(f -> f.get("verified")).containsExactly(true, false);
    assertThat(NZBN.requests()).contains("/nzbn/v5/entities/" + FakeNzbnRegister.REGISTERED);
  }

  @Test
  @DisplayName(
      "a removed business is recorded without the register check (a record carries passed checks only);"
          + " an unknown number is a 422")
  @SuppressWarnings("unchecked")
  void removedAndUnknown() {
    User u = newUser("business-removed");
    Map<String, Object> answer = post(
            "/v1/verify/business", u.token(), Map.of("nzbn", FakeNzbnRegister.REMOVED))
        .expectStatus()
        .isCreated()
        .expectBody(JSON)
        .returnResult()
        .getResponseBody();
    assertThat((Map<String, Object>) answer.get("business"))
        .containsEntry("registered", false)
        .containsEntry("entity_status", "RemovedClosed");
    assertThat((List<Map<String, Object>>) ((Map<String, Object>) answer.get("data")).get("checks"))
        .isEmpty();
    // a valid check digit the register does not hold
    post("/v1/verify/business", u.token(), Map.of("nzbn", "9429000035170"))
        .expectStatus()
        .isEqualTo(422)
        .expectHeader()
        .contentType("application/problem+json");
  }

  @Test
  @DisplayName(
      "bad numbers are 400s that never reach the register; someone else's object is a 404 that does not either")
  void input() {
    User u = newUser("business-input");
    User other = newUser("business-other");
    int before = NZBN.requests().size();
    for (Object nzbn : List.of("9429041535135", "942904153513", "abc", "", 42)) {
      post("/v1/verify/business", u.token(), Map.of("nzbn", nzbn))
          .expectStatus()
          .isBadRequest();
    }
    post("/v1/verify/business", u.token(), Map.of()).expectStatus().isBadRequest();
    post("/v1/verify/business", Map.of("nzbn", FakeNzbnRegister.REGISTERED))
        .expectStatus()
        .isUnauthorized();
    assertThat(NZBN.requests()).hasSize(before);
    String theirs = person(other, "Tama");
    notFound(
        post(
            "/v1/verify/business",
            u.token(),
            Map.of("nzbn", FakeNzbnRegister.REGISTERED, "n_id", theirs)),
        theirs);
    // the object is checked before the register is asked: the lookup cost nothing
    assertThat(NZBN.requests()).hasSize(before);
  }
}
