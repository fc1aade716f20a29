package org.kith.api.verification;

import static org.assertj.core.api.Assertions.assertThat;

import com.authlete.sd.SDJWT;
import com.nimbusds.jose.jwk.JWKSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.api.NodeInterop;
import org.kith.crypto.sdjwt.SdJwtVerifier;

@DisplayName("field verification and SD-JWT over HTTP")
class DisclosureIT extends VerificationTestBase {
  @Test
  @DisplayName(
      "field verification: the stored record holds no value, brute force is impossible offline and limited online")
  @SuppressWarnings("unchecked")
  void fieldVerification() {
    User holder = newUser("holder");
    Map<String, Object> signed = sign(passport());
    Map<String, Object> stored = post("/v1/verify/records", holder.token(), signed)
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    String nId = (String) stored.get("n_id");
    String signature = (String) stored.get("signature");
    String publicForm = stored.toString();
    assertThat(publicForm)
        .doesNotContain("1974-08-12")
        .doesNotContain("ERIKSSON")
        .doesNotContain("L898902C3");
    assertThat(check(Map.of("data", stored.get("data"), "signature", signature)))
        .singleElement()
        .satisfies(r -> assertThat(r.get("verified")).isEqualTo(true));
    // the stored object is an ss_Verification the holder owns, with the same public form
    get("/v1/db/profile-objects/" + nId, holder.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.properties.signature")
        .isEqualTo(signature)
        .jsonPath("$.properties.fields.date_of_birth.salted_hash")
        .isNotEmpty();

    List<Map<String, Object>> answers = post(
            "/v1/verify/field",
            Map.of(
                "n_id",
                nId,
                "signature",
                signature,
                "data_to_verify",
                List.of(
                    Map.of("value", "1974-08-12"),
                    Map.of("field", "family_name", "value", "ERIKSSON"),
                    Map.of("field", "family_name", "value", "1974-08-12"),
                    Map.of("value", "1974-08-13"))))
        .expectStatus()
        .isOk()
        .expectBody(List.class)
        .returnResult()
        .getResponseBody();
    assertThat(answers)
        .extracting(a -> a.get("verified"))
        .containsExactly(true, true, false, false);
    assertThat((Map<String, Object>) answers.get(1).get("data"))
        .containsEntry("field", "family_name")
        .containsEntry("value", "ERIKSSON");

    // without the record's signature the record cannot be asked about, and unknown ids look the
    // same
    post(
            "/v1/verify/field",
            Map.of(
                "n_id",
                nId,
                "signature",
                signature.substring(0, signature.length() - 2) + "AA",
                "data_to_verify",
                List.of(Map.of("value", "1974-08-12"))))
        .expectStatus()
        .isNotFound();
    post(
            "/v1/verify/field",
            Map.of(
                "n_id",
                "n_nope",
                "signature",
                signature,
                "data_to_verify",
                List.of(Map.of("value", "x"))))
        .expectStatus()
        .isNotFound();
    // an ordinary profile object is not a verification record
    post(
            "/v1/verify/field",
            Map.of(
                "n_id",
                person(holder, "Ann"),
                "signature",
                signature,
                "data_to_verify",
                List.of(Map.of("value", "Ann"))))
        .expectStatus()
        .isNotFound();

    // guessing: 10 tries per record per hour, right or wrong (a value without a field counts once
    // per field: the
    // request above used 4 + 1 + 1 + 4); then 429 even for the truth
    post(
            "/v1/verify/field",
            Map.of(
                "n_id",
                nId,
                "signature",
                signature,
                "data_to_verify",
                List.of(Map.of("field", "date_of_birth", "value", "1974-08-12"))))
        .expectStatus()
        .isEqualTo(429)
        .expectHeader()
        .exists("Retry-After");
    // a copy of the record under another id shares the budget (it is kept per record salt); a
    // person may not
    // write ss_Verification objects (only Kith does), an administrator may
    Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) stored.get("data"));
    copy.put("signature", signature);
    String copyId = (String) ((Map<String, Object>) post(
                "/v1/db/profile-objects",
                adminToken(),
                Map.of("schema", "ss_Verification", "properties", copy))
            .expectStatus()
            .isCreated()
            .expectBody(List.class)
            .returnResult()
            .getResponseBody()
            .get(0))
        .get("n_id");
    post(
            "/v1/verify/field",
            Map.of(
                "n_id",
                copyId,
                "signature",
                signature,
                "data_to_verify",
                List.of(Map.of("field", "date_of_birth", "value", "1974-08-12"))))
        .expectStatus()
        .isEqualTo(429);

    // a record whose signature does not verify cannot be stored
    post("/v1/verify/records", holder.token(), Map.of("data", passport(), "signature", "e30..AAAA"))
        .expectStatus()
        .isBadRequest();
    // the subject must be the holder's own object: someone else's is 404, as if it did not exist
    Map<String, Object> withSubject = new LinkedHashMap<>(signed);
    withSubject.put("subject_n_id", person(newUser("other-subject"), "Other"));
    post("/v1/verify/records", holder.token(), withSubject).expectStatus().isNotFound();
    withSubject.put("subject_n_id", person(holder, "Own"));
    post("/v1/verify/records", holder.token(), withSubject)
        .expectStatus()
        .isCreated()
        .expectBody()
        .jsonPath("$.data.subject_n_id")
        .isEqualTo(withSubject.get("subject_n_id"));
  }

  @Test
  @DisplayName(
      "SD-JWT: Kith issues, the npm @sd-jwt library verifies and presents one field with key binding, Kith checks it")
  @SuppressWarnings("unchecked")
  void sdJwtInterop() throws Exception {
    User holder = newUser("sdjwt");
    Map<String, Object> signed = sign(passport());
    Map<String, Object> holderKeys = NodeInterop.run("sd-jwt.mjs", Map.of("op", "keys"));
    Map<String, Object> holderPublic =
        new LinkedHashMap<>((Map<String, Object>) holderKeys.get("public_jwk"));
    holderPublic.remove("key_ops");
    holderPublic.remove("ext");
    Map<String, Object> issued = post(
            "/v1/verify/sd-jwt",
            holder.token(),
            Map.of(
                "data",
                signed.get("data"),
                "signature",
                signed.get("signature"),
                "holder_jwk",
                holderPublic))
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    String sdJwt = (String) issued.get("sd_jwt");
    get("/v1/audit/" + holder.uId(), holder.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$[?(@.event_type == 'sd_jwt_issue')].event.disclosures")
        .isEqualTo(List.of(4))
        .jsonPath("$[?(@.event_type == 'sd_jwt_issue')].event.holder_bound")
        .isEqualTo(List.of(true));
    assertThat((List<Map<String, Object>>) issued.get("disclosures"))
        .extracting(d -> d.get("name"))
        .containsExactlyInAnyOrder(
            "family_name", "given_names", "date_of_birth", "document_number");
    Map<String, Object> jwks = new com.fasterxml.jackson.databind.ObjectMapper()
        .readValue(
            http.get()
                .uri("/.well-known/jwks.json")
                .exchange()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody(),
            Map.class);

    // Kith → npm: the independent library verifies Kith's SD-JWT with Kith's JWKS
    Map<String, Object> verified =
        NodeInterop.run("sd-jwt.mjs", Map.of("op", "verify", "jwks", jwks, "presentation", sdJwt));
    assertThat(verified).containsEntry("verified", true);
    assertThat((Map<String, Object>)
            ((Map<String, Object>) verified.get("payload")).get("document_data"))
        .containsEntry("date_of_birth", "1974-08-12");

    // npm → Kith: the holder presents only date_of_birth with a key-binding JWT made by the npm
    // library
    String presentation = (String) NodeInterop.run(
            "sd-jwt.mjs",
            Map.of(
                "op",
                "present",
                "jwks",
                jwks,
                "sd_jwt",
                sdJwt,
                "reveal",
                Map.of("document_data", Map.of("date_of_birth", true)),
                "holder_private_jwk",
                holderKeys.get("private_jwk"),
                "aud",
                "https://rp.example",
                "nonce",
                "n-42"))
        .get("presentation");
    Map<String, Object> checked = post(
            "/v1/verify/sd-jwt/check",
            Map.of("sd_jwt", presentation, "aud", "https://rp.example", "nonce", "n-42"))
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    assertThat(checked).containsEntry("verified", true).containsEntry("key_bound", true);
    assertThat((Map<String, Object>)
            ((Map<String, Object>) checked.get("claims")).get("document_data"))
        .containsOnly(Map.entry("date_of_birth", "1974-08-12"));
    assertThat(post(
                "/v1/verify/sd-jwt/check",
                Map.of("sd_jwt", presentation, "aud", "https://rp.example", "nonce", "n-43"))
            .expectBody(Map.class)
            .returnResult()
            .getResponseBody())
        .containsEntry("verified", false);
    // and the npm verifier agrees about the same presentation
    assertThat(NodeInterop.run(
            "sd-jwt.mjs",
            Map.of(
                "op",
                "verify",
                "jwks",
                jwks,
                "presentation",
                presentation,
                "nonce",
                "n-42",
                "aud",
                "https://rp.example")))
        .containsEntry("verified", true);

    // an SD-JWT the npm library issues under its own key verifies with Kith's crypto module given
    // that key
    Map<String, Object> issuerKeys = NodeInterop.run("sd-jwt.mjs", Map.of("op", "keys"));
    Map<String, Object> issuerPublic =
        new LinkedHashMap<>((Map<String, Object>) issuerKeys.get("public_jwk"));
    issuerPublic.put("kid", "node-1");
    String nodeIssued = (String) NodeInterop.run(
            "sd-jwt.mjs",
            Map.of(
                "op",
                "issue",
                "kid",
                "node-1",
                "issuer_private_jwk",
                issuerKeys.get("private_jwk"),
                "claims",
                Map.of(
                    "document_data",
                    Map.of("family_name", "ERIKSSON", "date_of_birth", "1974-08-12")),
                "disclose",
                Map.of("document_data", Map.of("_sd", List.of("family_name", "date_of_birth")))))
        .get("sd_jwt");
    JWKSet nodeSet = JWKSet.parse(Map.of("keys", List.of(issuerPublic)));
    SdJwtVerifier javaVerifier =
        new SdJwtVerifier((s, c) -> s.select(nodeSet), java.time.Clock.systemUTC());
    SDJWT parsed = SDJWT.parse(nodeIssued);
    String onlyName = new SDJWT(
            parsed.getCredentialJwt(),
            parsed.getDisclosures().stream()
                .filter(d -> d.getClaimName().equals("family_name"))
                .toList())
        .toString();
    assertThat((Map<String, Object>)
            javaVerifier.verify(onlyName, null, null).claims().get("document_data"))
        .containsOnly(Map.entry("family_name", "ERIKSSON"));

    // issuing needs a Kith-signed record
    post("/v1/verify/sd-jwt", holder.token(), Map.of("data", passport(), "signature", "e30..AAAA"))
        .expectStatus()
        .isBadRequest();
    post("/v1/verify/sd-jwt/check", Map.of("sd_jwt", "garbage"))
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.verified")
        .isEqualTo(false);
  }
}
