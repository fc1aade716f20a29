package org.kith.api.verification;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kith.api.KithIT;
import org.springframework.boot.test.web.server.LocalServerPort;

/** What the verification ITs share: a passport as extraction reports it, signing it, checking records. */
abstract class VerificationTestBase extends KithIT {
  @LocalServerPort
  int port;

  static Map<String, Object> passport() {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("family_name", "ERIKSSON");
    document.put("given_names", "ANNA MARIA");
    document.put("date_of_birth", "1974-08-12");
    document.put("document_number", "L898902C3");
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("schema_name", "ss_NZ_Passport");
    data.put("document_data", document);
    data.put("verifications", List.of(Map.of("name", "mrz_check_digits", "passed", true)));
    return data;
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> sign(Object data) {
    return post("/v1/verify/sign", adminToken(), Map.of("data", data))
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
  }

  @SuppressWarnings("unchecked")
  List<Map<String, Object>> check(Object body) {
    return post("/v1/verify/check", body)
        .expectStatus()
        .isOk()
        .expectBody(List.class)
        .returnResult()
        .getResponseBody();
  }

  String jwksUrl() {
    return "http://127.0.0.1:" + port + "/.well-known/jwks.json";
  }
}
