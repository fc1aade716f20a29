package org.kith.core.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.core.ProblemKind;
import org.kith.core.Rejected;
import org.kith.core.account.Principal;

@DisplayName("business checks")
class BusinessChecksTests {
  @Test
  @DisplayName("NZBNs carry a GS1 check digit")
  void checkDigit() {
    assertThat(BusinessChecks.validNzbn("9429041535134")).isTrue();
    assertThat(BusinessChecks.validNzbn("9429000035170")).isTrue();
    assertThat(BusinessChecks.validNzbn("9429049541410")).isTrue();
    assertThat(BusinessChecks.validNzbn("9429041535135")).isFalse();
    assertThat(BusinessChecks.validNzbn("9429041535143")).isFalse();
    assertThat(BusinessChecks.validNzbn("942904153513")).isFalse();
    assertThat(BusinessChecks.validNzbn("94290415351340")).isFalse();
    assertThat(BusinessChecks.validNzbn("942904153513x")).isFalse();
  }

  @Test
  @DisplayName("without a register the check answers 501 naming the property to set")
  void notConfigured() {
    BusinessChecks unconfigured =
        new BusinessChecks(Optional.empty(), null, null, null, Clock.systemUTC());
    Principal caller = new Principal(
        "u-1", "u-1@example.org", Set.of(), Set.of(), null, Principal.Credential.TOKEN);
    assertThatThrownBy(() -> unconfigured.check(caller, "9429041535134", null).block())
        .isInstanceOfSatisfying(Rejected.class, r -> {
          assertThat(r.kind()).isEqualTo(ProblemKind.NOT_IMPLEMENTED);
          assertThat(r.getMessage()).contains("kith.checks.business.subscription-key");
        });
  }
}
