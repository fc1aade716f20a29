package org.kith.api.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.api.NodeInterop;
import org.kith.crypto.record.RecordVerifier;

@DisplayName("verification records over HTTP: signing, checking, rotation")
class VerificationIT extends VerificationTestBase {
  @Test
  @DisplayName(
      "verifiers sign; anyone checks; key order is irrelevant; any change fails; others may not sign")
  @SuppressWarnings("unchecked")
  void signAndCheck() {
    Map<String, Object> signed = sign(passport());
    String signature = (String) signed.get("signature");
    assertThat(signature).matches("[A-Za-z0-9_-]+\\.\\.[A-Za-z0-9_-]+");

    Map<String, Object> reordered = new LinkedHashMap<>();
    reordered.put("verifications", passport().get("verifications"));
    reordered.put("document_data", passport().get("document_data"));
    reordered.put("schema_name", "ss_NZ_Passport");
    Map<String, Object> changed = passport();
    ((Map<String, Object>) changed.get("document_data")).put("date_of_birth", "1974-08-13");

    List<Map<String, Object>> results = check(List.of(
        Map.of("data", passport(), "signature", signature),
        Map.of("data", reordered, "signature", signature),
        Map.of("data", changed, "signature", signature),
        Map.of("data", passport(), "signature", signature.replace("..", "..A")),
        Map.of("data", passport(), "signature", "eyJhbGciOiJub25lIn0.."),
        Map.of("data", passport()),
        Map.of("nonsense", true),
        "not even an object"));
    assertThat(results)
        .extracting(r -> r.get("verified"))
        .containsExactly(true, true, false, false, false, false, false, false);
    assertThat(check(Map.of("data", passport(), "signature", signature)))
        .singleElement()
        .satisfies(r -> assertThat(r.get("verified")).isEqualTo(true));

    User plain = newUser("signer");
    post("/v1/verify/sign", plain.token(), Map.of("data", passport()))
        .expectStatus()
        .isForbidden()
        .expectHeader()
        .contentType("application/problem+json");
    post("/v1/verify/sign", Map.of("data", passport())).expectStatus().isUnauthorized();
    post("/v1/verify/check", List.of())
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentType("application/problem+json");
  }

  @Test
  @DisplayName(
      "the npm jose package verifies a record against the published JWKS (canonical JSON by the npm canonicalize package)")
  void joseVerifies() {
    Map<String, Object> data = passport();
    data.put("numbers", List.of(1.5, 100, 1e21, -0.25));
    data.put("unicode", "Māori ā €");
    Map<String, Object> signed = sign(data);
    Map<String, Object> ok = NodeInterop.run(
        "record.mjs",
        Map.of("jwks_url", jwksUrl(), "data", data, "signature", signed.get("signature")));
    assertThat(ok).containsEntry("verified", true).containsEntry("typ", "kith-record+jws");
    data.put("unicode", "Maori");
    assertThat(NodeInterop.run(
            "record.mjs",
            Map.of("jwks_url", jwksUrl(), "data", data, "signature", signed.get("signature"))))
        .containsEntry("verified", false);
  }

  @Test
  @DisplayName(
      "the crypto module alone verifies a record against a saved jwks.json, as a relying party would")
  void relyingPartyLibrary(@TempDir Path dir) throws Exception {
    Map<String, Object> signed = sign(passport());
    String jwks = http.get()
        .uri("/.well-known/jwks.json")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .returnResult()
        .getResponseBody();
    assertThat(jwks).doesNotContain("\"d\"");
    Path file = dir.resolve("jwks.json");
    Files.writeString(file, jwks);
    RecordVerifier verifier = RecordVerifier.fromJwksFile(file);
    assertThat(verifier.verify(passport(), (String) signed.get("signature"))).isTrue();
    assertThat(verifier.verify(Map.of("schema_name", "x"), (String) signed.get("signature")))
        .isFalse();
    assertThat(RecordVerifier.fromJwksUrl(new java.net.URL(jwksUrl()))
            .verify(passport(), (String) signed.get("signature")))
        .isTrue();
  }

  @Test
  @DisplayName(
      "key rotation without restart: new records use the new key, old ones verify until their key is removed")
  void rotation() {
    String admin = adminToken();
    Map<String, Object> before = sign(passport());
    String etag = jwksEtag();
    String first = (String) post("/v1/verify/keys/rotate", admin, Map.of())
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody()
        .get("kid");
    // the published set is encoded anew on rotation: a new ETag, the new key first
    assertThat(jwksEtag()).isNotEqualTo(etag);
    Map<String, Object> during = sign(passport());
    assertThat(RecordVerifier.keyId((String) during.get("signature"))).contains(first);
    http.get()
        .uri("/.well-known/jwks.json")
        .exchange()
        .expectBody()
        .jsonPath("$.keys[0].kid")
        .isEqualTo(first)
        .jsonPath("$.keys[*].d")
        .doesNotExist();
    String second = (String) post("/v1/verify/keys/rotate", admin, Map.of())
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody()
        .get("kid");
    get("/v1/verify/keys", admin)
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$[0].kid")
        .isEqualTo(second)
        .jsonPath("$[0].status")
        .isEqualTo("current")
        .jsonPath("$[1].kid")
        .isEqualTo(first)
        .jsonPath("$[1].status")
        .isEqualTo("retired")
        .jsonPath("$[*].d")
        .doesNotExist();
    assertThat(check(List.of(before, during)))
        .extracting(r -> r.get("verified"))
        .containsExactly(true, true);

    delete("/v1/verify/keys/" + first, admin).expectStatus().isNoContent();
    assertThat(check(List.of(before, during)))
        .extracting(r -> r.get("verified"))
        .containsExactly(true, false);
    delete("/v1/verify/keys/" + first, admin).expectStatus().isNotFound();
    delete("/v1/verify/keys/" + second, admin).expectStatus().isEqualTo(409);
    delete("/v1/verify/keys/" + second, newUser("rotator").token())
        .expectStatus()
        .isForbidden();
  }

  private String jwksEtag() {
    return http.get()
        .uri("/.well-known/jwks.json")
        .exchange()
        .expectStatus()
        .isOk()
        .returnResult(String.class)
        .getResponseHeaders()
        .getETag();
  }
}
