package org.kith.api.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Allow when the person already has a live sign-in instance with the application extends it. */
@DisplayName("OpenID Provider: Allow again extends the consent instance")
class OidcExtendIT extends OidcIT {
  @Test
  @DisplayName(
      "a second Allow adds objects to the same instance; the first tokens keep working; withdrawal ends all")
  void allowAgainExtends() {
    Client c = client(null);
    User person = newUser("oidc-extend");
    String first = person(person, "Aroha");
    String second = person(person, "Mere");
    Map<String, Object> one = signIn(c, person.token(), "openid profile", List.of(first));
    Map<String, Object> two = signIn(c, person.token(), "openid profile", List.of(first, second));
    List<?> shares = get("/v1/aa/instances", person.token())
        .expectBody(List.class)
        .returnResult()
        .getResponseBody();
    List<?> mine =
        shares.stream().filter(s -> c.aId().equals(((Map<?, ?>) s).get("a_id"))).toList();
    assertThat(mine).hasSize(1);
    String iId = (String) ((Map<?, ?>) mine.get(0)).get("i_id");
    Map<?, ?> instance = get("/v1/aa/instances/" + iId, person.token())
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    assertThat(instance.toString()).contains(first).contains(second);
    // the first tokens keep working and read the extended instance (which of its two persons
    // answers is not fixed)
    userinfo((String) one.get("access_token"))
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.given_name")
        .value(v -> assertThat(v).isIn("Aroha", "Mere"));
    userinfo((String) two.get("access_token")).expectStatus().isOk();
    delete("/v1/aa/instances/" + iId, person.token()).expectStatus().is2xxSuccessful();
    userinfo((String) one.get("access_token")).expectStatus().isUnauthorized();
    userinfo((String) two.get("access_token")).expectStatus().isUnauthorized();
    token(c, form("grant_type", "refresh_token", "refresh_token", (String)
            one.get("refresh_token")))
        .expectStatus()
        .isBadRequest();
    // after the withdrawal, signing in again makes a new instance
    signIn(c, person.token(), "openid", List.of());
    List<?> after = get("/v1/aa/instances", person.token())
        .expectBody(List.class)
        .returnResult()
        .getResponseBody();
    assertThat(after.stream()
            .filter(s -> c.aId().equals(((Map<?, ?>) s).get("a_id")))
            .count())
        .isEqualTo(2);
  }
}
