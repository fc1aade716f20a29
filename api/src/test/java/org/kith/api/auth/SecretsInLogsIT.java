package org.kith.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kith.api.KithIT;
import org.kith.api.PickupMails;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
@DisplayName("logs")
class SecretsInLogsIT extends KithIT {
  @org.springframework.beans.factory.annotation.Autowired
  org.kith.crypto.keys.SigningKeyRing ring;

  @Test
  @DisplayName(
      "never contain passwords, codes, tokens or personal access token secrets, even on failures")
  void noSecrets(CapturedOutput output) {
    String user = newUsername("logs");
    signup(user);
    String code = PickupMails.latestCode(DATA_DIR, user, 1);
    post("/v1/auth/verify", Map.of("username", user, "verification_code", code))
        .expectStatus()
        .isOk();
    post(
            "/v1/auth/token",
            Map.of("grant_type", "password", "username", user, "password", "a wrong secret pass"))
        .expectStatus()
        .isUnauthorized();
    Map<String, Object> tokens = login(user, PASSWORD);
    String access = (String) tokens.get("access_token");
    Map<?, ?> refreshed = post(
            "/v1/auth/token",
            Map.of("grant_type", "refresh_token", "refresh_token", tokens.get("refresh_token")))
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    String pat = (String) post(
            "/v1/auth/personal-access-tokens",
            access,
            Map.of("name", "n", "scopes", List.of("read")))
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody()
        .get("token");
    get("/v1/auth/me", pat.substring(0, pat.length() - 3) + "abc")
        .expectStatus()
        .isUnauthorized();
    post(
            "/v1/auth/password-change",
            access,
            Map.of("password_existing", PASSWORD, "password_new", "a fresh passphrase here"))
        .expectStatus()
        .isOk();
    // signing keys: rotation and a refused removal log nothing of a private key
    String admin = adminToken();
    post("/v1/verify/keys/rotate", admin, Map.of()).expectStatus().isOk();
    delete("/v1/verify/keys/" + ring.keys().current().getKeyID(), admin)
        .expectStatus()
        .isEqualTo(409);
    post("/v1/verify/sign", admin, Map.of("data", Map.of("x", 1)))
        .expectStatus()
        .isOk();
    for (var key : ring.keys().all()) {
      String d = ((com.nimbusds.jose.jwk.ECKey) key).getD().toString();
      assertThat(output.getAll()).doesNotContain(d);
      get("/v1/verify/keys", admin)
          .expectBody(String.class)
          .value(body -> assertThat(body).doesNotContain(d));
      http.get()
          .uri("/.well-known/jwks.json")
          .exchange()
          .expectBody(String.class)
          .value(body -> assertThat(body).doesNotContain(d));
    }
    assertThat(output.getAll())
        .doesNotContain(PASSWORD)
        .doesNotContain("a wrong secret pass")
        .doesNotContain("a fresh passphrase here")
        .doesNotContain("code is: " + code)
        .doesNotContain(access)
        .doesNotContain((String) tokens.get("refresh_token"))
        .doesNotContain((String) refreshed.get("refresh_token"))
        .doesNotContain(pat.substring(pat.indexOf('.') + 1));
  }
}
