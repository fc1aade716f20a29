package org.kith.api.consent;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.RSAKey;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.api.KithIT;
import org.kith.api.NodeInterop;
import org.kith.crypto.envelope.Envelope;
import org.kith.crypto.envelope.EnvelopeCipher;

@DisplayName("encrypted key sharing: app public keys, wrapped private keys, instance keys")
class AppKeysIT extends KithIT {

  @SuppressWarnings("unchecked")
  private String createApp(User admin) {
    return (String) post(
            "/v1/aa/applications",
            admin.token(),
            Map.of(
                "name",
                "Sealed Bank",
                "scopes",
                List.of("kyc"),
                "callback_uri",
                List.of("https://sealed.example/callback")))
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody()
        .get("a_id");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> webCryptoKeys() {
    return NodeInterop.run("webcrypto.mjs", Map.of("op", "generate"));
  }

  @Test
  @DisplayName(
      "Node's WebCrypto seals → Java opens, and Java seals → WebCrypto opens (RSA-OAEP-512 + AES-GCM 256)")
  @SuppressWarnings("unchecked")
  void envelopeInterop() throws Exception {
    Map<String, Object> keys = webCryptoKeys();
    RSAKey privateKey = RSAKey.parse((Map<String, Object>) keys.get("private_jwk"));
    Map<String, Object> sealed = NodeInterop.run(
        "webcrypto.mjs",
        Map.of(
            "op",
            "seal",
            "public_jwk",
            keys.get("public_jwk"),
            "plaintext",
            "date_of_birth=1974-08-12 ✓"));
    byte[] opened = EnvelopeCipher.open(Envelope.fromJson(sealed), privateKey.toRSAPrivateKey());
    assertThat(new String(opened, StandardCharsets.UTF_8)).isEqualTo("date_of_birth=1974-08-12 ✓");

    Envelope javaSealed = EnvelopeCipher.seal(
        "Ka kite anō ✓".getBytes(StandardCharsets.UTF_8),
        RSAKey.parse((Map<String, Object>) keys.get("public_jwk")).toRSAPublicKey());
    assertThat(NodeInterop.run(
            "webcrypto.mjs",
            Map.of(
                "op",
                "open",
                "private_jwk",
                keys.get("private_jwk"),
                "envelope",
                javaSealed.toJson())))
        .containsEntry("plaintext", "Ka kite anō ✓");
  }

  @Test
  @DisplayName(
      "public keys are validated, readable by signed-in users, added only by the app's admins")
  @SuppressWarnings("unchecked")
  void publicKeys() {
    User admin = newUser("keyadmin");
    User stranger = newUser("keystranger");
    String aId = createApp(admin);
    Map<String, Object> jwk = (Map<String, Object>) webCryptoKeys().get("public_jwk");
    get("/v1/aa/applications/" + aId + "/public-key", stranger.token())
        .expectStatus()
        .isNotFound();

    Map<String, Object> added = post(
            "/v1/aa/applications/" + aId + "/public-keys", admin.token(), Map.of("key", jwk))
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    String pk = (String) added.get("n_id");
    Map<String, Object> props = (Map<String, Object>) added.get("properties");
    assertThat(props).containsEntry("is_default", true).containsEntry("a_id", aId);
    assertThat((Map<String, Object>) props.get("key"))
        .containsEntry("alg", "RSA-OAEP-512")
        .containsKey("n")
        .doesNotContainKey("d");
    get("/v1/aa/applications/" + aId + "/public-key", stranger.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.n_id")
        .isEqualTo(pk);
    get("/v1/aa/public-keys/" + pk, stranger.token()).expectStatus().isOk();
    post("/v1/aa/applications/" + aId + "/public-keys", admin.token(), Map.of("key", jwk))
        .expectStatus()
        .isEqualTo(409);
    post(
            "/v1/aa/applications/" + aId + "/public-keys",
            stranger.token(),
            Map.of("key", webCryptoKeys().get("public_jwk")))
        .expectStatus()
        .isNotFound();

    // a newer key asked to be the default becomes it
    String second = (String) post(
            "/v1/aa/applications/" + aId + "/public-keys",
            admin.token(),
            Map.of("key", webCryptoKeys().get("public_jwk"), "is_default", true))
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody()
        .get("n_id");
    get("/v1/aa/applications/" + aId + "/public-key", stranger.token())
        .expectBody()
        .jsonPath("$.n_id")
        .isEqualTo(second);
    get("/v1/aa/public-keys/" + pk, stranger.token())
        .expectBody()
        .jsonPath("$.properties.is_default")
        .isEqualTo(false);

    // what is refused, each with a 400 problem naming the member
    Map<String, Object> privateKey = (Map<String, Object>) webCryptoKeys().get("private_jwk");
    Map<String, Object> wrongAlg = new LinkedHashMap<>(jwk);
    wrongAlg.put("alg", "RSA-OAEP-256");
    Map<String, Object> wrongOps = new LinkedHashMap<>(jwk);
    wrongOps.put("key_ops", List.of("verify"));
    Map<String, Object> small = (Map<String, Object>)
        NodeInterop.run("webcrypto.mjs", Map.of("op", "generate", "bits", 1024)).get("public_jwk");
    Map<String, Object> ec = Map.of(
        "kty",
        "EC",
        "crv",
        "P-256",
        "x",
        "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
        "y",
        "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0");
    for (Object bad : List.of(privateKey, wrongAlg, wrongOps, small, ec, "not a key", Map.of())) {
      post("/v1/aa/applications/" + aId + "/public-keys", admin.token(), Map.of("key", bad))
          .expectStatus()
          .isBadRequest()
          .expectHeader()
          .contentType("application/problem+json");
    }
    get("/v1/aa/applications/" + aId + "/public-key", stranger.token())
        .expectBody()
        .jsonPath("$.n_id")
        .isEqualTo(second);
  }

  @Test
  @DisplayName(
      "full round trip: owner encrypts for the app, admin keeps its wrapped private key, reads the share and decrypts")
  @SuppressWarnings("unchecked")
  void roundTrip() {
    User admin = newUser("sealadmin");
    User colleague = newUser("sealcolleague");
    User owner = newUser("sealowner");
    String aId = createApp(admin);
    Map<String, Object> appKeys = webCryptoKeys();
    String pk = (String) post(
            "/v1/aa/applications/" + aId + "/public-keys",
            admin.token(),
            Map.of("key", appKeys.get("public_jwk")))
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody()
        .get("n_id");

    // each admin keeps the app's private key wrapped under a key of their own (here: their own RSA
    // key pair)
    Map<String, Object> adminOwn = webCryptoKeys();
    Map<String, Object> colleagueOwn = webCryptoKeys();
    String appPrivate = new com.fasterxml.jackson.databind.ObjectMapper()
        .valueToTree(appKeys.get("private_jwk"))
        .toString();
    Map<String, Object> forAdmin = NodeInterop.run(
        "webcrypto.mjs",
        Map.of("op", "seal", "public_jwk", adminOwn.get("public_jwk"), "plaintext", appPrivate));
    Map<String, Object> forColleague = NodeInterop.run(
        "webcrypto.mjs",
        Map.of(
            "op", "seal", "public_jwk", colleagueOwn.get("public_jwk"), "plaintext", appPrivate));
    post("/v1/aa/public-keys/" + pk + "/private-keys", admin.token(), Map.of("key", forAdmin))
        .expectStatus()
        .isCreated();
    post(
            "/v1/aa/public-keys/" + pk + "/private-keys",
            admin.token(),
            Map.of("key", forColleague, "u_id", colleague.uId()))
        .expectStatus()
        .isCreated();
    post("/v1/aa/public-keys/" + pk + "/private-keys", owner.token(), Map.of("key", forAdmin))
        .expectStatus()
        .isNotFound();
    post(
            "/v1/aa/public-keys/" + pk + "/private-keys",
            admin.token(),
            Map.of("key", forAdmin, "u_id", "u_nobody"))
        .expectStatus()
        .isNotFound();
    get("/v1/aa/public-keys/" + pk + "/users", admin.token())
        .expectStatus()
        .isOk()
        .expectBody(List.class)
        .value(users -> assertThat(users).containsExactlyInAnyOrder(admin.uId(), colleague.uId()));
    get("/v1/aa/public-keys/" + pk + "/users", colleague.token()).expectStatus().isNotFound();
    get("/v1/aa/public-keys/" + pk + "/private-key", owner.token())
        .expectStatus()
        .isNotFound();
    Map<String, Object> colleagueCopy = get(
            "/v1/aa/public-keys/" + pk + "/private-key", colleague.token())
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    assertThat(colleagueCopy.get("key")).isEqualTo(forColleague);
    // the colleague's copy opens with the colleague's own key to the same application key
    assertThat(NodeInterop.run(
            "webcrypto.mjs",
            Map.of(
                "op",
                "open",
                "private_jwk",
                colleagueOwn.get("private_jwk"),
                "envelope",
                colleagueCopy.get("key"))))
        .containsEntry("plaintext", appPrivate);

    // bad wrapped keys change nothing
    Map<String, Object> badIv = new LinkedHashMap<>(forAdmin);
    Map<String, Object> data =
        new LinkedHashMap<>((Map<String, Object>) forAdmin.get("encrypted_data"));
    data.put("iv", "AAAA");
    badIv.put("encrypted_data", data);
    Map<String, Object> extra = new LinkedHashMap<>(forAdmin);
    extra.put("plaintext", "oops");
    for (Object bad : List.of(badIv, extra, Map.of("encrypted_data", Map.of()), "x")) {
      post("/v1/aa/public-keys/" + pk + "/private-keys", admin.token(), Map.of("key", bad))
          .expectStatus()
          .isBadRequest()
          .expectHeader()
          .contentType("application/problem+json");
    }
    get("/v1/aa/public-keys/" + pk + "/private-key", admin.token())
        .expectBody(Map.class)
        .value(m -> assertThat(m.get("key")).isEqualTo(forAdmin));

    // the owner encrypts a field with a fresh AES key, wraps that key under the app key, and shares
    String nId = person(owner, "Sealed");
    Map<String, Object> fieldKey = NodeInterop.run(
        "webcrypto.mjs", Map.of("op", "wrap-aes", "public_jwk", appKeys.get("public_jwk")));
    Map<String, Object> entry = Map.of(
        "n_id",
        nId,
        "field_name",
        "date_of_birth",
        "public_key",
        pk,
        "encrypted_key",
        fieldKey.get("encrypted_key"));
    Map<String, Object> instance = post(
            "/v1/aa/instances",
            owner.token(),
            Map.of("a_id", aId, "profile_objects", List.of(nId), "keys", List.of(entry)))
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    String iId = (String) instance.get("i_id");

    // the recipient admin reads the instance, unwraps its copy of the app key, then the field key
    get("/v1/aa/instances/" + iId, colleague.token()).expectStatus().isNotFound();
    Map<String, Object> adminCopy = get("/v1/aa/public-keys/" + pk + "/private-key", admin.token())
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    Map<String, Object> got = get("/v1/aa/instances/" + iId, admin.token())
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    List<Map<String, Object>> keys = (List<Map<String, Object>>) got.get("keys");
    assertThat(keys)
        .singleElement()
        .satisfies(k -> assertThat(k).containsEntry("field_name", "date_of_birth"));
    String recoveredAppKey = (String) NodeInterop.run(
            "webcrypto.mjs",
            Map.of(
                "op",
                "open",
                "private_jwk",
                adminOwn.get("private_jwk"),
                "envelope",
                adminCopy.get("key")))
        .get("plaintext");
    Map<String, Object> appPrivateJwk;
    try {
      appPrivateJwk =
          new com.fasterxml.jackson.databind.ObjectMapper().readValue(recoveredAppKey, Map.class);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    assertThat(NodeInterop.run(
            "webcrypto.mjs",
            Map.of(
                "op",
                "unwrap-aes",
                "private_jwk",
                appPrivateJwk,
                "encrypted_key",
                keys.get(0).get("encrypted_key"))))
        .containsEntry("raw", fieldKey.get("raw"));

    // the owner sees which app keys each field of the object went under
    get("/v1/aa/profile-objects/" + nId + "/shares", owner.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$[0].i_id")
        .isEqualTo(iId)
        .jsonPath("$[0].keys[0].field_name")
        .isEqualTo("date_of_birth")
        .jsonPath("$[0].keys[0].public_key")
        .isEqualTo(pk);

    // instance keys are checked: unknown key, object not shared, wrong block size
    String other = person(owner, "Other");
    for (Map<String, ?> bad : List.<Map<String, ?>>of(
        Map.of(
            "n_id",
            nId,
            "field_name",
            "x",
            "public_key",
            "pk_unknown",
            "encrypted_key",
            fieldKey.get("encrypted_key")),
        Map.of(
            "n_id",
            other,
            "field_name",
            "x",
            "public_key",
            pk,
            "encrypted_key",
            fieldKey.get("encrypted_key")),
        Map.of(
            "n_id",
            nId,
            "field_name",
            "x",
            "public_key",
            pk,
            "encrypted_key",
            Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[40])))) {
      post(
              "/v1/aa/instances",
              owner.token(),
              Map.of("a_id", aId, "profile_objects", List.of(nId), "keys", List.of(bad)))
          .expectStatus()
          .isBadRequest()
          .expectHeader()
          .contentType("application/problem+json");
    }
  }
}
