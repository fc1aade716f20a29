package org.kith.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.extraction.clarity.SyntheticCards;
import org.springframework.http.HttpMethod;

/** The answers of the verification and clarity routes validate strictly against the OpenAPI document. */
@DisplayName("verification and clarity answer as documented")
class ContractVerificationIT extends DocumentedAnswers {
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

  static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  @Test
  @DisplayName(
      "sign, check (objects and not), store, field checks, SD-JWT issue and check, keys, JWKS")
  void verification() throws Exception {
    String admin = adminToken();
    JsonNode signed = exchange(
        HttpMethod.POST,
        "/v1/verify/sign",
        "/v1/verify/sign",
        admin,
        Map.of("data", passport()),
        200);
    Map<String, Object> record = Map.of(
        "data",
        json.treeToValue(signed.path("data"), Map.class),
        "signature",
        signed.path("signature").asText());
    List<Object> records =
        new ArrayList<>(List.of(record, "not a record", Map.of("data", List.of(1, "two"))));
    JsonNode checked =
        exchange(HttpMethod.POST, "/v1/verify/check", "/v1/verify/check", null, records, 200);
    assertThat(checked.findValuesAsText("verified")).containsExactly("true", "false", "false");
    assertThat(checked.path(1).has("data"))
        .as("a non-object record is answered without data")
        .isFalse();
    assertThat(checked.path(2).path("signature").isNull())
        .as("a missing signature is sent back as null")
        .isTrue();

    User holder = newUser("contract-holder");
    JsonNode stored = exchange(
        HttpMethod.POST, "/v1/verify/records", "/v1/verify/records", holder.token(), record, 201);
    exchange(
        HttpMethod.POST,
        "/v1/verify/field",
        "/v1/verify/field",
        null,
        Map.of(
            "n_id",
            stored.path("n_id").asText(),
            "signature",
            stored.path("signature").asText(),
            "data_to_verify",
            List.of(
                Map.of("value", "1974-08-12"),
                Map.of("field", "family_name", "value", "ERIKSSON"))),
        200);

    JsonNode issued = exchange(
        HttpMethod.POST, "/v1/verify/sd-jwt", "/v1/verify/sd-jwt", holder.token(), record, 200);
    assertThat(issued.path("disclosures")).isNotEmpty();
    JsonNode verified = exchange(
        HttpMethod.POST,
        "/v1/verify/sd-jwt/check",
        "/v1/verify/sd-jwt/check",
        null,
        Map.of("sd_jwt", issued.path("sd_jwt").asText()),
        200);
    assertThat(verified.path("verified").asBoolean()).isTrue();
    JsonNode refused = exchange(
        HttpMethod.POST,
        "/v1/verify/sd-jwt/check",
        "/v1/verify/sd-jwt/check",
        null,
        Map.of("sd_jwt", "e30.e30.AAAA~"),
        200);
    assertThat(refused.path("verified").asBoolean()).isFalse();
    assertThat(refused.has("claims")).isFalse();

    exchange(HttpMethod.GET, "/v1/verify/keys", "/v1/verify/keys", admin, null, 200);
    exchange(HttpMethod.GET, "/.well-known/jwks.json", "/.well-known/jwks.json", null, null, 200);
  }

  @Test
  @DisplayName("OCR, train, extract, extract-verify and map")
  @SuppressWarnings("unchecked")
  void clarity() throws Exception {
    User user = newUser("contract-clarity");
    String token = user.token();
    byte[] card = SyntheticCards.png(SyntheticCards.card(SyntheticCards.person(0)));
    Map<String, Object> file =
        Map.of("content_type", "image/png", "filename", "card.png", "data", b64(card));
    JsonNode page = exchange(
        HttpMethod.POST, "/v1/clarity/ocr", "/v1/clarity/ocr", token, Map.of("file", file), 200);
    assertThat(page.path("words")).isNotEmpty();

    List<Map<String, Object>> components = new ArrayList<>();
    SyntheticCards.FIELDS.forEach((name, b) -> components.add(
        Map.of("name", name, "type", "text", "x1", b[0], "y1", b[1], "x2", b[2], "y2", b[3])));
    Map<String, Object> train = new LinkedHashMap<>();
    train.put("image", b64(card));
    train.put("ocr", json.treeToValue(page, Map.class));
    train.put("name", "NZ_DL_CONTRACT_" + user.uId());
    train.put("anchor_a", SyntheticCards.ANCHOR_A);
    train.put("anchor_c", SyntheticCards.ANCHOR_C);
    train.put("components", components);
    JsonNode trained =
        exchange(HttpMethod.POST, "/v1/clarity/train", "/v1/clarity/train", token, train, 200);
    List<Map<String, Object>> created = post(
            "/v1/db/profile-objects",
            adminToken(), // only administrators write models (x-kith-writer: system); the user is
            // given VIEWS
            Map.of(
                "schema",
                "ss_Clarity_Model_01",
                "properties",
                json.treeToValue(trained.path("properties"), Map.class)))
        .expectStatus()
        .isCreated()
        .expectBody(List.class)
        .returnResult()
        .getResponseBody();
    String modelId = (String) created.get(0).get("n_id");
    post(
            "/v1/db/permissions/" + modelId,
            adminToken(),
            Map.of("u_id", user.uId(), "permission", "VIEWS"))
        .expectStatus()
        .isOk();

    SyntheticCards.Person person = SyntheticCards.person(4);
    BufferedImage photo =
        SyntheticCards.photograph(SyntheticCards.card(person), 1.1, -3, 0, 0, 3, 4);
    String jpeg = b64(SyntheticCards.jpeg(photo, 0.85f));
    exchange(
        HttpMethod.POST,
        "/v1/clarity/extract",
        "/v1/clarity/extract",
        token,
        Map.of("file", Map.of("data", jpeg), "model_id", modelId),
        200);
    JsonNode signed = exchange(
        HttpMethod.POST,
        "/v1/clarity/extract-verify",
        "/v1/clarity/extract-verify",
        token,
        Map.of("form_data", List.of(jpeg), "schema_name", "ss_NZ_DriverLicence"),
        200);
    JsonNode mapped = exchange(
        HttpMethod.POST,
        "/v1/clarity/map",
        "/v1/clarity/map",
        token,
        json.treeToValue(signed, Map.class),
        200);
    assertThat(mapped.path("schema_name").asText()).isEqualTo("ss_NZ_DriverLicence");
  }
}
