package org.kith.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.api.KithIT;
import org.kith.api.NodeInterop;

@DisplayName("passkeys in a real browser (Chromium's DevTools virtual authenticator)")
class PasskeyBrowserIT extends KithIT {

  @Test
  @DisplayName(
      "register, list, rename, log in without a username or as second factor after the password; replay, a cloned"
          + " counter and a deleted passkey refused")
  @SuppressWarnings("unchecked")
  void journey() {
    User user = newUser("passkey");
    Map<String, Object> result = NodeInterop.run(
        "passkeys.mjs",
        Map.of(
            "base",
            "http://localhost:" + PORT,
            "token",
            user.token(),
            "u_id",
            user.uId(),
            "username",
            user.username(),
            "password",
            PASSWORD));
    assertThat(result).as("passkeys journey: %s", result).containsEntry("ok", true);
    assertThat((List<String>) result.get("steps"))
        .contains(
            "register a passkey",
            "log in without a username",
            "a password login then asks for the passkey as its second factor",
            "a replayed assertion is refused",
            "a cloned authenticator (counter set back) is refused",
            "delete, and the deleted passkey cannot log in");
    // a device-bound key the authenticator verified the user for
    assertThat((List<String>) result.get("amr")).containsExactly("hwk", "user", "mfa");
    // password, then the passkey as second factor
    assertThat((List<String>) result.get("mfa_amr")).containsExactly("pwd", "hwk", "user", "mfa");
    List<Map<String, Object>> trail = get("/v1/audit/" + user.uId(), user.token())
        .expectStatus()
        .isOk()
        .expectBody(List.class)
        .returnResult()
        .getResponseBody();
    assertThat(trail)
        .extracting(e -> e.get("event_type"))
        .contains("passkey_register", "passkey_rename", "passkey_delete", "passkey_login_error");
    // the cloned authenticator's refusal is on the holder's trail; the replay (its challenge used)
    // is anonymous
    assertThat(trail)
        .filteredOn(e -> "passkey_login_error".equals(e.get("event_type")))
        .extracting(e -> ((Map<String, Object>) e.get("event")).get("error"))
        .containsExactly("counter_regression");
    assertThat(trail)
        .filteredOn(e -> "login".equals(e.get("event_type")))
        .extracting(e -> ((Map<String, Object>) e.get("event")).get("grant_type"))
        .contains("password", "webauthn");
  }

  @Test
  @DisplayName("bad input is a problem, never a 500; management needs a signed-in caller")
  void badInput() {
    post("/v1/auth/token", Map.of("grant_type", "webauthn"))
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentType("application/problem+json");
    post("/v1/auth/token", Map.of("grant_type", "webauthn", "credential", Map.of("id", "x")))
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentType("application/problem+json");
    User user = newUser("passkey-bad");
    post(
            "/v1/auth/webauthn/registration",
            user.token(),
            Map.of("credential", Map.of("id", "AAAA", "type", "public-key", "response", Map.of())))
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentType("application/problem+json");
    put("/v1/auth/webauthn/credentials/nope", user.token(), Map.of("name", "x"))
        .expectStatus()
        .isNotFound();
    put("/v1/auth/webauthn/credentials/nope", user.token(), Map.of("name", " "))
        .expectStatus()
        .isBadRequest();
    http.post()
        .uri("/v1/auth/webauthn/registration/options")
        .exchange()
        .expectStatus()
        .isUnauthorized();
    post("/v1/auth/webauthn/authentication/options", Map.of())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.rpId")
        .isEqualTo("localhost")
        .jsonPath("$.allowCredentials.length()")
        .isEqualTo(0)
        .jsonPath("$.userVerification")
        .isEqualTo("preferred");
  }
}
