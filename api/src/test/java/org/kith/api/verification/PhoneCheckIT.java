package org.kith.api.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.api.KithIT;
import org.springframework.core.ParameterizedTypeReference;

@DisplayName(
    "phone verification by SMS (Twilio Verify's wire format, against a local server speaking it)")
class PhoneCheckIT extends KithIT {
  private static final ParameterizedTypeReference<Map<String, Object>> JSON =
      new ParameterizedTypeReference<>() {};

  private String personWithPhone(User owner, String phone) {
    return person(owner, "Pita", phone);
  }

  private Map<String, Object> json(
      org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec r) {
    return r.expectBody(JSON).returnResult().getResponseBody();
  }

  @Test
  @DisplayName(
      "a code sent by SMS and typed back gives a signed record that vouches for the number, and only it")
  @SuppressWarnings("unchecked")
  void sendAndCheck() {
    User u = newUser("phone");
    String phone = "+64211234501";
    String nId = personWithPhone(u, phone);
    int before = SMS.requests().size();
    Map<String, Object> sent = json(
        post("/v1/verify/phone", u.token(), Map.of("n_id", nId)).expectStatus().isAccepted());
    assertThat(sent)
        .containsEntry("status", "pending")
        .containsEntry("channel", "sms")
        .containsEntry("to", "+6•••••••501");
    FakeTwilioVerify.Request start = SMS.requests().get(before);
    assertThat(start.path())
        .isEqualTo("/v2/Services/" + FakeTwilioVerify.SERVICE + "/Verifications");
    assertThat(start.form()).containsEntry("To", phone).containsEntry("Channel", "sms");
    String code = SMS.lastCode(phone);

    String wrong = code.equals("000000") ? "111111" : "000000";
    Map<String, Object> refused =
        json(post("/v1/verify/phone/check", u.token(), Map.of("n_id", nId, "code", wrong))
            .expectStatus()
            .isBadRequest()
            .expectHeader()
            .contentType("application/problem+json"));
    assertThat(refused.get("detail")).isEqualTo("the code is not the one sent");

    Map<String, Object> record =
        json(post("/v1/verify/phone/check", u.token(), Map.of("n_id", nId, "code", code))
            .expectStatus()
            .isCreated());
    Map<String, Object> data = (Map<String, Object>) record.get("data");
    assertThat(data)
        .containsEntry("schema_name", "ss_NZ_Person")
        .containsEntry("subject_n_id", nId)
        .containsEntry("verifier", "twilio-verify");
    assertThat((Map<String, Object>) data.get("fields")).containsOnlyKeys("phone");
    assertThat(data.toString()).doesNotContain(phone);
    assertThat((List<Map<String, Object>>) data.get("checks"))
        .singleElement()
        .satisfies(
            c -> assertThat(c).containsEntry("name", "sms_code").containsEntry("passed", true));
    FakeTwilioVerify.Request check = SMS.requests().get(SMS.requests().size() - 1);
    assertThat(check.form()).containsEntry("To", phone).containsEntry("Code", code);

    // the record's signature verifies, and it vouches for this number and no other
    List<Map<String, Object>> checked = post(
            "/v1/verify/check", Map.of("data", data, "signature", record.get("signature")))
        .expectStatus()
        .isOk()
        .expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {})
        .returnResult()
        .getResponseBody();
    assertThat(checked)
        .singleElement()
        .satisfies(c -> assertThat(c).containsEntry("verified", true));
    List<Map<String, Object>> fields = post(
            "/v1/verify/field",
            Map.of(
                "signature",
                record.get("signature"),
                "n_id",
                record.get("n_id"),
                "data_to_verify",
                List.of(
                    Map.of("field", "phone", "value", phone),
                    Map.of("field", "phone", "value", "+64211234599"))))
        .expectStatus()
        .isOk()
        .expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {})
        .returnResult()
        .getResponseBody();
    assertThat(fields).extracting(f -> f.get("verified")).containsExactly(true, false);

    // a code is good once
    Map<String, Object> again =
        json(post("/v1/verify/phone/check", u.token(), Map.of("n_id", nId, "code", code))
            .expectStatus()
            .isBadRequest());
    assertThat((String) again.get("detail")).startsWith("no code is waiting for this number");

    // both steps are on the object's audit trail, without the number or the code
    String trail = get("/v1/audit/" + nId, u.token())
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .returnResult()
        .getResponseBody();
    assertThat(trail).contains("phone_code_send").contains("phone_code_check").doesNotContain(code);
  }

  @Test
  @DisplayName(
      "someone else's object is 404 like an unknown one; bad input is a 400 that sends nothing")
  void accessAndInput() {
    User owner = newUser("phone-owner");
    User other = newUser("phone-other");
    String nId = personWithPhone(owner, "+64211234502");
    int before = SMS.requests().size();
    String theirs = notFound(post("/v1/verify/phone", other.token(), Map.of("n_id", nId)), nId);
    String unknown = "00000000-0000-4000-8000-000000000000";
    assertThat(notFound(post("/v1/verify/phone", other.token(), Map.of("n_id", unknown)), unknown))
        .isEqualTo(theirs);
    notFound(
        post("/v1/verify/phone/check", other.token(), Map.of("n_id", nId, "code", "123456")), nId);
    String noPhone = person(owner, "Hemi");
    post("/v1/verify/phone", owner.token(), Map.of("n_id", noPhone))
        .expectStatus()
        .isBadRequest();
    post("/v1/verify/phone", owner.token(), Map.of()).expectStatus().isBadRequest();
    for (String code : List.of("12", "12345678901", "12ab56", "")) {
      post("/v1/verify/phone/check", owner.token(), Map.of("n_id", nId, "code", code))
          .expectStatus()
          .isBadRequest();
    }
    post("/v1/verify/phone", Map.of("n_id", nId)).expectStatus().isUnauthorized();
    assertThat(SMS.requests()).hasSize(before);
  }

  @Test
  @DisplayName(
      "a number the provider refuses is a 400; sends are budgeted per number; five wrong codes end it")
  void limits() {
    User u = newUser("phone-limits");
    String refused = personWithPhone(u, "+99912345678");
    Map<String, Object> problem = json(post("/v1/verify/phone", u.token(), Map.of("n_id", refused))
        .expectStatus()
        .isBadRequest());
    assertThat((String) problem.get("detail")).contains("does not send codes to this phone number");

    String nId = personWithPhone(u, "+64211234503");
    for (int i = 0; i < 3; i++) {
      post("/v1/verify/phone", u.token(), Map.of("n_id", nId)).expectStatus().isAccepted();
    }
    post("/v1/verify/phone", u.token(), Map.of("n_id", nId))
        .expectStatus()
        .isEqualTo(429)
        .expectHeader()
        .exists("Retry-After");

    String code = SMS.lastCode("+64211234503");
    String wrong = code.equals("000000") ? "111111" : "000000";
    for (int i = 0; i < 4; i++) {
      post("/v1/verify/phone/check", u.token(), Map.of("n_id", nId, "code", wrong))
          .expectStatus()
          .isBadRequest();
    }
    post("/v1/verify/phone/check", u.token(), Map.of("n_id", nId, "code", wrong))
        .expectStatus()
        .isEqualTo(429);
    // the provider dropped the code: even the right one is too late now
    post("/v1/verify/phone/check", u.token(), Map.of("n_id", nId, "code", code))
        .expectStatus()
        .isBadRequest();
  }
}
