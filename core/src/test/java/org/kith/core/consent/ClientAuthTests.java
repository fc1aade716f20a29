package org.kith.core.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.core.net.OutboundTargets;

@DisplayName("client keys: the jwks_uri rule")
class ClientAuthTests {
  private static final OutboundTargets PRODUCTION = OutboundTargets.globalOnly();
  private static final OutboundTargets LOOPBACK =
      OutboundTargets.alsoPermitting(List.of("127.0.0.0/8"));

  @Test
  @DisplayName("an https URL of a name or a global address is accepted")
  void https() {
    assertThat(ClientAuth.jwksUriProblem("https://rp.example/.well-known/jwks.json", PRODUCTION))
        .isNull();
    assertThat(ClientAuth.jwksUriProblem("https://93.184.216.34/jwks", PRODUCTION))
        .isNull();
  }

  @Test
  @DisplayName(
      "plain http, user info, fragments, relative and over-long URLs, private addresses are refused")
  void refused() {
    for (String bad : List.of(
        "http://rp.example/jwks",
        "https://user@rp.example/jwks",
        "https://rp.example/j#k",
        "/jwks",
        "https://rp.example/" + "a".repeat(2000),
        "https://10.0.0.1/jwks",
        "https://localhost/jwks",
        "https://169.254.169.254/latest",
        "ftp://rp.example/jwks",
        "https://2130706433/jwks")) {
      assertThat(ClientAuth.jwksUriProblem(bad, PRODUCTION)).as(bad).isNotNull();
    }
  }

  @Test
  @DisplayName(
      "http to a loopback literal only where the operator permits loopback (development and tests)")
  void loopback() {
    assertThat(ClientAuth.jwksUriProblem("http://127.0.0.1:8123/jwks", PRODUCTION))
        .isNotNull();
    assertThat(ClientAuth.jwksUriProblem("http://127.0.0.1:8123/jwks", LOOPBACK))
        .isNull();
    assertThat(ClientAuth.jwksUriProblem("http://rp.example/jwks", LOOPBACK)).isNotNull();
    assertThat(ClientAuth.jwksUriProblem("http://127.0.0.1.nip.io/jwks", LOOPBACK))
        .isNotNull();
  }
}
