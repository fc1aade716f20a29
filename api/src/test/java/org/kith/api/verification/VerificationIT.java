package org.kith.api.verification;

import static org.assertj.core.api.Assertions.assertThat;

import com.authlete.sd.SDJWT;
import com.nimbusds.jose.jwk.JWKSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.api.KithIT;
import org.kith.api.NodeInterop;
import org.kith.crypto.record.RecordVerifier;
import org.kith.crypto.sdjwt.SdJwtVerifier;
import org.springframework.boot.test.web.server.LocalServerPort;

@DisplayName("verification records, field verification and SD-JWT over HTTP")
class VerificationIT extends KithIT {
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
    return post("/v1/verify/sign", adminToken(), Map.of("data", data)).expectStatus().isOk()
        .expectBody(Map.class).returnResult().getResponseBody();
  }

  @SuppressWarnings("unchecked")
  List<Map<String, Object>> check(Object body) {
    return post("/v1/verify/check", body).expectStatus().isOk().expectBody(List.class).returnResult()
        .getResponseBody();
  }

  String jwksUrl() {
    return "http://127.0.0.1:" + port + "/.well-known/jwks.json";
  }

  @Test
  @DisplayName("verifiers sign; anyone checks; key order is irrelevant; any change fails; others may not sign")
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
    assertThat(results).extracting(r -> r.get("verified")).containsExactly(true, true, false, false, false, false,
        false, false);
    assertThat(check(Map.of("data", passport(), "signature", signature))).singleElement()
        .satisfies(r -> assertThat(r.get("verified")).isEqualTo(true));

    User plain = newUser("signer");
    post("/v1/verify/sign", plain.token(), Map.of("data", passport())).expectStatus().isForbidden()
        .expectHeader().contentType("application/problem+json");
    post("/v1/verify/sign", Map.of("data", passport())).expectStatus().isUnauthorized();
    post("/v1/verify/check", List.of()).expectStatus().isBadRequest()
        .expectHeader().contentType("application/problem+json");
  }

  @Test
  @DisplayName("the npm jose package verifies a record against the published JWKS (canonical JSON by the npm canonicalize package)")
  void joseVerifies() {
    Map<String, Object> data = passport();
    data.put("numbers", List.of(1.5, 100, 1e21, -0.25));
    data.put("unicode", "Māori ā €");
    Map<String, Object> signed = sign(data);
    Map<String, Object> ok = NodeInterop.run("record.mjs", Map.of("jwks_url", jwksUrl(), "data", data,
        "signature", signed.get("signature")));
    assertThat(ok).containsEntry("verified", true).containsEntry("typ", "kith-record+jws");
    data.put("unicode", "Maori");
    assertThat(NodeInterop.run("record.mjs", Map.of("jwks_url", jwksUrl(), "data", data,
        "signature", signed.get("signature")))).containsEntry("verified", false);
  }

  @Test
  @DisplayName("the crypto module alone verifies a record against a saved jwks.json, as a relying party would")
  void relyingPartyLibrary(@TempDir Path dir) throws Exception {
    Map<String, Object> signed = sign(passport());
    String jwks = http.get().uri("/.well-known/jwks.json").exchange().expectStatus().isOk()
        .expectBody(String.class).returnResult().getResponseBody();
    assertThat(jwks).doesNotContain("\"d\"");
    Path file = dir.resolve("jwks.json");
    Files.writeString(file, jwks);
    RecordVerifier verifier = RecordVerifier.fromJwksFile(file);
    assertThat(verifier.verify(passport(), (String) signed.get("signature"))).isTrue();
    assertThat(verifier.verify(Map.of("schema_name", "x"), (String) signed.get("signature"))).isFalse();
    assertThat(RecordVerifier.fromJwksUrl(new java.net.URL(jwksUrl())).verify(passport(),
        (String) signed.get("signature"))).isTrue();
  }

  @Test
  @DisplayName("key rotation without restart: new records use the new key, old ones verify until their key is removed")
  void rotation() {
    String admin = adminToken();
    Map<String, Object> before = sign(passport());
    String first = (String) post("/v1/verify/keys/rotate", admin, Map.of()).expectStatus().isOk()
        .expectBody(Map.class).returnResult().getResponseBody().get("kid");
    Map<String, Object> during = sign(passport());
    assertThat(RecordVerifier.keyId((String) during.get("signature"))).contains(first);
    http.get().uri("/.well-known/jwks.json").exchange().expectBody()
        .jsonPath("$.keys[0].kid").isEqualTo(first).jsonPath("$.keys[*].d").doesNotExist();
    String second = (String) post("/v1/verify/keys/rotate", admin, Map.of()).expectStatus().isOk()
        .expectBody(Map.class).returnResult().getResponseBody().get("kid");
    get("/v1/verify/keys", admin).expectStatus().isOk().expectBody()
        .jsonPath("$[0].kid").isEqualTo(second).jsonPath("$[0].status").isEqualTo("current")
        .jsonPath("$[1].kid").isEqualTo(first).jsonPath("$[1].status").isEqualTo("retired")
        .jsonPath("$[*].d").doesNotExist();
    assertThat(check(List.of(before, during))).extracting(r -> r.get("verified")).containsExactly(true, true);

    delete("/v1/verify/keys/" + first, admin).expectStatus().isNoContent();
    assertThat(check(List.of(before, during))).extracting(r -> r.get("verified")).containsExactly(true, false);
    delete("/v1/verify/keys/" + first, admin).expectStatus().isNotFound();
    delete("/v1/verify/keys/" + second, admin).expectStatus().isEqualTo(409);
    delete("/v1/verify/keys/" + second, newUser("rotator").token()).expectStatus().isForbidden();
  }

  @Test
  @DisplayName("field verification: the stored record holds no value, brute force is impossible offline and limited online")
  @SuppressWarnings("unchecked")
  void fieldVerification() {
    User holder = newUser("holder");
    Map<String, Object> signed = sign(passport());
    Map<String, Object> stored = post("/v1/verify/records", holder.token(), signed).expectStatus().isCreated()
        .expectBody(Map.class).returnResult().getResponseBody();
    String nId = (String) stored.get("n_id");
    String signature = (String) stored.get("signature");
    String publicForm = stored.toString();
    assertThat(publicForm).doesNotContain("1974-08-12").doesNotContain("ERIKSSON").doesNotContain("L898902C3");
    assertThat(check(Map.of("data", stored.get("data"), "signature", signature))).singleElement()
        .satisfies(r -> assertThat(r.get("verified")).isEqualTo(true));
    // the stored object is an ss_Verification the holder owns, with the same public form
    get("/v1/db/profile-objects/" + nId, holder.token()).expectStatus().isOk().expectBody()
        .jsonPath("$.properties.signature").isEqualTo(signature)
        .jsonPath("$.properties.fields.date_of_birth.salted_hash").isNotEmpty();

    List<Map<String, Object>> answers = post("/v1/verify/field", Map.of("n_id", nId, "signature", signature,
        "data_to_verify", List.of(Map.of("value", "1974-08-12"), Map.of("field", "family_name", "value", "ERIKSSON"),
            Map.of("field", "family_name", "value", "1974-08-12"), Map.of("value", "1974-08-13"))))
        .expectStatus().isOk().expectBody(List.class).returnResult().getResponseBody();
    assertThat(answers).extracting(a -> a.get("verified")).containsExactly(true, true, false, false);
    assertThat((Map<String, Object>) answers.get(1).get("data")).containsEntry("field", "family_name")
        .containsEntry("value", "ERIKSSON");

    // without the record's signature the record cannot be asked about, and unknown ids look the same
    post("/v1/verify/field", Map.of("n_id", nId, "signature", signature.substring(0, signature.length() - 2) + "AA",
        "data_to_verify", List.of(Map.of("value", "1974-08-12")))).expectStatus().isNotFound();
    post("/v1/verify/field", Map.of("n_id", "n_nope", "signature", signature,
        "data_to_verify", List.of(Map.of("value", "x")))).expectStatus().isNotFound();
    // an ordinary profile object is not a verification record
    post("/v1/verify/field", Map.of("n_id", person(holder, "Ann"), "signature", signature,
        "data_to_verify", List.of(Map.of("value", "Ann")))).expectStatus().isNotFound();

    // guessing: 10 tries per record per hour, right or wrong (a value without a field counts once per field: the
    // request above used 4 + 1 + 1 + 4); then 429 even for the truth
    post("/v1/verify/field", Map.of("n_id", nId, "signature", signature,
        "data_to_verify", List.of(Map.of("field", "date_of_birth", "value", "1974-08-12"))))
        .expectStatus().isEqualTo(429).expectHeader().exists("Retry-After");
    // a copy of the record under another id shares the budget (it is kept per record salt)
    Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) stored.get("data"));
    copy.put("signature", signature);
    String copyId = (String) ((Map<String, Object>) post("/v1/db/profile-objects", newUser("copier").token(),
        Map.of("schema", "ss_Verification", "properties", copy)).expectStatus().isCreated().expectBody(List.class)
        .returnResult().getResponseBody().get(0)).get("n_id");
    post("/v1/verify/field", Map.of("n_id", copyId, "signature", signature,
        "data_to_verify", List.of(Map.of("field", "date_of_birth", "value", "1974-08-12"))))
        .expectStatus().isEqualTo(429);

    // a record whose signature does not verify cannot be stored
    post("/v1/verify/records", holder.token(), Map.of("data", passport(), "signature", "e30..AAAA"))
        .expectStatus().isBadRequest();
    // the subject must be the holder's own object: someone else's is 404, as if it did not exist
    Map<String, Object> withSubject = new LinkedHashMap<>(signed);
    withSubject.put("subject_n_id", person(newUser("other-subject"), "Other"));
    post("/v1/verify/records", holder.token(), withSubject).expectStatus().isNotFound();
    withSubject.put("subject_n_id", person(holder, "Own"));
    post("/v1/verify/records", holder.token(), withSubject).expectStatus().isCreated().expectBody()
        .jsonPath("$.data.subject_n_id").isEqualTo(withSubject.get("subject_n_id"));
  }

  @Test
  @DisplayName("SD-JWT: Kith issues, the npm @sd-jwt library verifies and presents one field with key binding, Kith checks it")
  @SuppressWarnings("unchecked")
  void sdJwtInterop() throws Exception {
    User holder = newUser("sdjwt");
    Map<String, Object> signed = sign(passport());
    Map<String, Object> holderKeys = NodeInterop.run("sd-jwt.mjs", Map.of("op", "keys"));
    Map<String, Object> holderPublic = new LinkedHashMap<>((Map<String, Object>) holderKeys.get("public_jwk"));
    holderPublic.remove("key_ops");
    holderPublic.remove("ext");
    Map<String, Object> issued = post("/v1/verify/sd-jwt", holder.token(), Map.of("data", signed.get("data"),
        "signature", signed.get("signature"), "holder_jwk", holderPublic)).expectStatus().isOk()
        .expectBody(Map.class).returnResult().getResponseBody();
    String sdJwt = (String) issued.get("sd_jwt");
    assertThat((List<Map<String, Object>>) issued.get("disclosures")).extracting(d -> d.get("name"))
        .containsExactlyInAnyOrder("family_name", "given_names", "date_of_birth", "document_number");
    Map<String, Object> jwks = new com.fasterxml.jackson.databind.ObjectMapper().readValue(http.get()
        .uri("/.well-known/jwks.json").exchange().expectBody(String.class).returnResult().getResponseBody(), Map.class);

    // Kith → npm: the independent library verifies Kith's SD-JWT with Kith's JWKS
    Map<String, Object> verified = NodeInterop.run("sd-jwt.mjs", Map.of("op", "verify", "jwks", jwks,
        "presentation", sdJwt));
    assertThat(verified).containsEntry("verified", true);
    assertThat((Map<String, Object>) ((Map<String, Object>) verified.get("payload")).get("document_data"))
        .containsEntry("date_of_birth", "1974-08-12");

    // npm → Kith: the holder presents only date_of_birth with a key-binding JWT made by the npm library
    String presentation = (String) NodeInterop.run("sd-jwt.mjs", Map.of("op", "present", "jwks", jwks,
        "sd_jwt", sdJwt, "reveal", Map.of("document_data", Map.of("date_of_birth", true)),
        "holder_private_jwk", holderKeys.get("private_jwk"), "aud", "https://rp.example", "nonce", "n-42"))
        .get("presentation");
    Map<String, Object> checked = post("/v1/verify/sd-jwt/check", Map.of("sd_jwt", presentation,
        "aud", "https://rp.example", "nonce", "n-42")).expectStatus().isOk().expectBody(Map.class).returnResult()
        .getResponseBody();
    assertThat(checked).containsEntry("verified", true).containsEntry("key_bound", true);
    assertThat((Map<String, Object>) ((Map<String, Object>) checked.get("claims")).get("document_data"))
        .containsOnly(Map.entry("date_of_birth", "1974-08-12"));
    assertThat(post("/v1/verify/sd-jwt/check", Map.of("sd_jwt", presentation, "aud", "https://rp.example",
        "nonce", "n-43")).expectBody(Map.class).returnResult().getResponseBody())
        .containsEntry("verified", false);
    // and the npm verifier agrees about the same presentation
    assertThat(NodeInterop.run("sd-jwt.mjs", Map.of("op", "verify", "jwks", jwks, "presentation", presentation,
        "nonce", "n-42", "aud", "https://rp.example"))).containsEntry("verified", true);

    // an SD-JWT the npm library issues under its own key verifies with Kith's crypto module given that key
    Map<String, Object> issuerKeys = NodeInterop.run("sd-jwt.mjs", Map.of("op", "keys"));
    Map<String, Object> issuerPublic = new LinkedHashMap<>((Map<String, Object>) issuerKeys.get("public_jwk"));
    issuerPublic.put("kid", "node-1");
    String nodeIssued = (String) NodeInterop.run("sd-jwt.mjs", Map.of("op", "issue", "kid", "node-1",
        "issuer_private_jwk", issuerKeys.get("private_jwk"),
        "claims", Map.of("document_data", Map.of("family_name", "ERIKSSON", "date_of_birth", "1974-08-12")),
        "disclose", Map.of("document_data", Map.of("_sd", List.of("family_name", "date_of_birth")))))
        .get("sd_jwt");
    JWKSet nodeSet = JWKSet.parse(Map.of("keys", List.of(issuerPublic)));
    SdJwtVerifier javaVerifier = new SdJwtVerifier((s, c) -> s.select(nodeSet), java.time.Clock.systemUTC());
    SDJWT parsed = SDJWT.parse(nodeIssued);
    String onlyName = new SDJWT(parsed.getCredentialJwt(), parsed.getDisclosures().stream()
        .filter(d -> d.getClaimName().equals("family_name")).toList()).toString();
    assertThat((Map<String, Object>) javaVerifier.verify(onlyName, null, null).claims().get("document_data"))
        .containsOnly(Map.entry("family_name", "ERIKSSON"));

    // issuing needs a Kith-signed record
    post("/v1/verify/sd-jwt", holder.token(), Map.of("data", passport(), "signature", "e30..AAAA"))
        .expectStatus().isBadRequest();
    post("/v1/verify/sd-jwt/check", Map.of("sd_jwt", "garbage")).expectStatus().isOk().expectBody()
        .jsonPath("$.verified").isEqualTo(false);
  }
}
