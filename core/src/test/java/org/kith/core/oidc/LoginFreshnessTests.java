package org.kith.core.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("when a relying party's request needs a fresh login (prompt=login, max_age)")
class LoginFreshnessTests {
  static final Instant ASKED = Instant.parse("2026-01-01T10:00:00Z");

  static AuthorizationAsk ask(Set<String> prompt, @Nullable Integer maxAge) {
    return new AuthorizationAsk(
        "a",
        "aa_key",
        "https://rp.example/cb",
        Set.of("openid"),
        "st",
        "n",
        "challenge",
        prompt,
        maxAge,
        null,
        null,
        ASKED.plusSeconds(600));
  }

  @Test
  @DisplayName("prompt=login: a login from before the request is not enough, one after it is")
  void promptLogin() {
    AuthorizationAsk a = ask(Set.of("login"), null);
    assertThat(
            ConsentInteraction.loginRequired(a, ASKED.minusSeconds(1), ASKED, ASKED.plusSeconds(5)))
        .isTrue();
    assertThat(
            ConsentInteraction.loginRequired(a, ASKED.plusSeconds(2), ASKED, ASKED.plusSeconds(5)))
        .isFalse();
    assertThat(ConsentInteraction.loginRequired(
            ask(Set.of(), null), ASKED.minusSeconds(3600), ASKED, ASKED.plusSeconds(5)))
        .isFalse();
  }

  @Test
  @DisplayName(
      "max_age: an older login must be renewed; a login made for the request stays good while the person"
          + " reads the page, even past max_age (max_age=1 could never be met otherwise)")
  void maxAge() {
    AuthorizationAsk a = ask(Set.of(), 1);
    assertThat(ConsentInteraction.loginRequired(a, ASKED.minusSeconds(2), ASKED, ASKED))
        .isTrue();
    assertThat(ConsentInteraction.loginRequired(
            ask(Set.of(), 60), ASKED.minusSeconds(30), ASKED, ASKED.plusSeconds(1)))
        .isFalse();
    assertThat(ConsentInteraction.loginRequired(
            ask(Set.of(), 60), ASKED.minusSeconds(30), ASKED, ASKED.plusSeconds(31)))
        .isTrue();
    assertThat(
            ConsentInteraction.loginRequired(a, ASKED.plusSeconds(1), ASKED, ASKED.plusSeconds(20)))
        .isFalse();
  }
}
