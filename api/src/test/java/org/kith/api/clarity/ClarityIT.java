package org.kith.api.clarity;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.api.KithIT;
import org.kith.extraction.clarity.SyntheticCards;

@DisplayName("/v1/clarity: OCR, train, extract, extract-verify, map")
class ClarityIT extends KithIT {
  static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  static Map<String, Object> file(byte[] bytes) {
    return Map.of("content_type", "image/png", "filename", "card.png", "data", b64(bytes));
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> trainModel(User user) {
    List<Map<String, Object>> components = new ArrayList<>();
    SyntheticCards.FIELDS.forEach((name, b) -> components.add(
        Map.of("name", name, "type", "text", "x1", b[0], "y1", b[1], "x2", b[2], "y2", b[3])));
    int[] p = SyntheticCards.PHOTO;
    components.add(
        Map.of("name", "photo", "type", "image", "x1", p[0], "y1", p[1], "x2", p[2], "y2", p[3]));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("image", b64(SyntheticCards.png(SyntheticCards.card(SyntheticCards.person(0)))));
    body.put("name", "NZ_DL_TEST_" + user.uId());
    body.put("anchor_a", SyntheticCards.ANCHOR_A);
    body.put("anchor_c", SyntheticCards.ANCHOR_C);
    body.put("components", components);
    return post("/v1/clarity/train", user.token(), body)
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
  }

  @SuppressWarnings("unchecked")
  String storeModel(User user, Map<String, Object> properties) {
    // models are written by administrators (the schema is x-kith-writer: system), then shared for
    // use
    List<Map<String, Object>> created = post(
            "/v1/db/profile-objects",
            adminToken(),
            Map.of("schema", "ss_Clarity_Model_01", "properties", properties))
        .expectStatus()
        .isCreated()
        .expectBody(List.class)
        .returnResult()
        .getResponseBody();
    String nId = (String) created.get(0).get("n_id");
    post(
            "/v1/db/permissions/" + nId,
            adminToken(),
            Map.of("u_id", user.uId(), "permission", "VIEWS"))
        .expectStatus()
        .isOk();
    return nId;
  }

  @Test
  @DisplayName("OCR answers words with confidences and boxes; bad input is a 400 problem")
  @SuppressWarnings("unchecked")
  void ocr() {
    User user = newUser("ocr");
    byte[] card = SyntheticCards.png(SyntheticCards.card(SyntheticCards.person(1)));
    Map<String, Object> page = post("/v1/clarity/ocr", user.token(), Map.of("file", file(card)))
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    assertThat(page)
        .containsEntry("width", 1000)
        .containsEntry("height", 630)
        .containsEntry("rotation", 0);
    List<Map<String, Object>> words = (List<Map<String, Object>>) page.get("words");
    assertThat(words)
        .extracting(w -> w.get("text"))
        .contains("NEW", "ZEALAND", "DRIVER", "LICENCE");
    assertThat(words).allSatisfy(w -> assertThat((List<Integer>) w.get("box")).hasSize(4));
    assertThat((List<?>) page.get("lines")).isNotEmpty();

    post("/v1/clarity/ocr", user.token(), Map.of("file", Map.of("data", "!!not base64!!")))
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentType("application/problem+json");
    post(
            "/v1/clarity/ocr",
            user.token(),
            Map.of("file", Map.of("data", b64("just text".getBytes()))))
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentType("application/problem+json");
    // a PNG header claiming 60000 × 60000 pixels is refused before anything is decoded
    byte[] bomb = pngHeader(60_000, 60_000);
    post("/v1/clarity/ocr", user.token(), Map.of("file", Map.of("data", b64(bomb))))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.detail")
        .value(d -> assertThat((String) d).contains("pixels"));
    post("/v1/clarity/ocr", Map.of("file", file(card))).expectStatus().isUnauthorized();
  }

  @Test
  @DisplayName(
      "train → store → extract a rotated JPEG photo of another card; others cannot use the model; anchors missing → 422")
  @SuppressWarnings("unchecked")
  void trainAndExtract() {
    User user = newUser("clarity");
    Map<String, Object> trained = trainModel(user);
    Map<String, Object> properties = (Map<String, Object>) trained.get("properties");
    assertThat(properties)
        .containsKeys(
            "anchor_a",
            "anchor_c",
            "norm",
            "angle",
            "text_components",
            "image_components",
            "model_start_date");
    // the platform signature over the model verifies like any record
    post("/v1/verify/check", Map.of("data", properties, "signature", trained.get("signature")))
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$[0].verified")
        .isEqualTo(true);
    String modelId = storeModel(user, properties);

    SyntheticCards.Person person = SyntheticCards.person(7);
    BufferedImage photo =
        SyntheticCards.photograph(SyntheticCards.card(person), 0.8, 4, 30, -20, 4, 7);
    Map<String, Object> extracted = post(
            "/v1/clarity/extract",
            user.token(),
            Map.of("file", file(SyntheticCards.jpeg(photo, 0.8f)), "model_id", modelId))
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    Map<String, List<String>> text = (Map<String, List<String>>) extracted.get("text");
    assertThat(String.join(" ", text.get("family_name")))
        .isEqualTo(person.fields().get("family_name"));
    assertThat(String.join(" ", text.get("date_of_birth")))
        .isEqualTo(person.fields().get("date_of_birth"));
    assertThat(((Map<String, String>) extracted.get("images")).get("photo")).isNotEmpty();
    assertThat(((Number) extracted.get("confidence")).doubleValue()).isBetween(0.5, 1.0);

    User stranger = newUser("clarity-stranger");
    post(
            "/v1/clarity/extract",
            stranger.token(),
            Map.of("file", file(SyntheticCards.jpeg(photo, 0.8f)), "model_id", modelId))
        .expectStatus()
        .isNotFound();
    BufferedImage blank = new BufferedImage(600, 400, BufferedImage.TYPE_INT_RGB);
    post(
            "/v1/clarity/extract",
            user.token(),
            Map.of("file", file(SyntheticCards.png(blank)), "model_id", modelId))
        .expectStatus()
        .isEqualTo(422)
        .expectBody()
        .jsonPath("$.detail")
        .value(d -> assertThat((String) d).contains("anchor_a"));
  }

  @Test
  @DisplayName(
      "extract-verify picks the model, verifies and signs; map turns the result into valid schema properties")
  @SuppressWarnings("unchecked")
  void extractVerifyAndMap() {
    User user = newUser("everify");
    storeModel(user, (Map<String, Object>) trainModel(user).get("properties"));
    SyntheticCards.Person person = SyntheticCards.person(4);
    BufferedImage photo =
        SyntheticCards.photograph(SyntheticCards.card(person), 1.1, -3, 0, 0, 3, 4);
    Map<String, Object> signed = post(
            "/v1/clarity/extract-verify",
            user.token(),
            Map.of(
                "form_data",
                List.of(b64(SyntheticCards.jpeg(photo, 0.85f))),
                "schema_name",
                "ss_NZ_DriverLicence"))
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    Map<String, Object> data = (Map<String, Object>) signed.get("data");
    assertThat(data).containsEntry("schema_name", "ss_NZ_DriverLicence");
    assertThat((Map<String, Object>) data.get("document_data"))
        .containsAllEntriesOf(person.fields());
    assertThat((List<Map<String, Object>>) data.get("verifications"))
        .extracting(v -> v.get("name"))
        .contains("dates_plausible", "not_expired");
    // the signed record vouches only for checks that passed; every check made comes beside it
    assertThat((List<Map<String, Object>>) data.get("verifications"))
        .allSatisfy(v -> assertThat(v).containsEntry("passed", true));
    assertThat((List<Map<String, Object>>) signed.get("checks"))
        .extracting(v -> v.get("name"))
        .containsAll(((List<Map<String, Object>>) data.get("verifications"))
            .stream().map(v -> v.get("name")).toList());
    post("/v1/verify/check", signed)
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$[0].verified")
        .isEqualTo(true);

    Map<String, Object> mapped = post("/v1/clarity/map", user.token(), signed)
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    assertThat(mapped).containsEntry("valid", true);
    Map<String, Object> props = (Map<String, Object>) mapped.get("properties");
    String[] dob = person.fields().get("date_of_birth").split("-");
    assertThat(props).containsEntry("date_of_birth", dob[2] + "-" + dob[1] + "-" + dob[0]);
    // the mapped properties create a profile object as they are
    post(
            "/v1/db/profile-objects",
            user.token(),
            Map.of("schema", "ss_NZ_DriverLicence", "properties", props))
        .expectStatus()
        .isCreated();

    Map<String, Object> tampered = new LinkedHashMap<>(data);
    tampered.put("schema_name", "ss_NZ_Passport");
    post(
            "/v1/clarity/map",
            user.token(),
            Map.of("data", tampered, "signature", signed.get("signature")))
        .expectStatus()
        .isBadRequest();
  }

  /** The start of a PNG whose header declares the given size (no pixel data follows). */
  static byte[] pngHeader(int width, int height) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(33);
    b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    b.putInt(13).put(new byte[] {'I', 'H', 'D', 'R'}).putInt(width).putInt(height);
    b.put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(b.array(), 12, 17);
    b.putInt((int) crc.getValue());
    return b.array();
  }
}
