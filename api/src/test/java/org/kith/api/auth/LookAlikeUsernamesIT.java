package org.kith.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.api.KithIT;
import org.springframework.http.MediaType;

@DisplayName("look-alike usernames are one account name")
class LookAlikeUsernamesIT extends KithIT {
  /** The same address with its first letter in fullwidth form (U+FF41..U+FF5A for a..z). */
  private static String fullwidthFirst(String username) {
    return (char) (username.charAt(0) - 'a' + '\uFF41') + username.substring(1);
  }

  @Test
  @DisplayName("a fullwidth 'ａdmin' cannot register beside 'admin' and signs in as 'admin'")
  void fullwidth() {
    String user = newUsername("admin");
    String uId = signupVerified(user);
    String lookAlike = fullwidthFirst(user);
    assertThat(lookAlike).isNotEqualTo(user).startsWith("\uFF41");
    post("/v1/auth/signup", Map.of("username", lookAlike, "password", PASSWORD))
        .expectStatus()
        .isEqualTo(409)
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    Map<String, Object> tokens = login(lookAlike, PASSWORD);
    get("/v1/auth/me", (String) tokens.get("access_token"))
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.u_id")
        .isEqualTo(uId)
        .jsonPath("$.username")
        .isEqualTo(user);
  }

  @Test
  @DisplayName(
      "a zero-width space or other default-ignorable code point is refused with 400 naming username")
  void invisible() {
    String user = newUsername("admin");
    String hidden = user.substring(0, 2) + "\u200B" + user.substring(2);
    for (String path :
        new String[] {"/v1/auth/signup", "/v1/auth/token", "/v1/auth/password-reset"}) {
      post(path, Map.of("grant_type", "password", "username", hidden, "password", PASSWORD))
          .expectStatus()
          .isBadRequest()
          .expectHeader()
          .contentType(MediaType.APPLICATION_PROBLEM_JSON)
          .expectBody()
          .jsonPath("$.errors[0].path")
          .isEqualTo("username");
    }
    post(
            "/v1/auth/signup",
            Map.of(
                "username",
                "ad\u00ADmin-" + System.nanoTime() + "@example.org",
                "password",
                PASSWORD))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.errors[0].path")
        .isEqualTo("username");
  }
}
