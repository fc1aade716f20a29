package org.kith.core.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.core.ProblemKind;
import org.kith.core.Rejected;
import org.kith.core.account.Principal;

@DisplayName("phone checks")
class PhoneChecksTests {
  /** No provider: nothing else is reached, so the other ports may be absent. */
  private final PhoneChecks unconfigured =
      new PhoneChecks(Optional.empty(), null, null, null, null, Clock.systemUTC());

  private static Principal someone() {
    return new Principal(
        "u-1",
        "u-1@example.org",
        java.util.Set.of(),
        java.util.Set.of(),
        null,
        Principal.Credential.TOKEN);
  }

  @Test
  @DisplayName("without a provider both steps answer 501 naming the properties to set")
  void notConfigured() {
    for (Runnable call : List.<Runnable>of(
        () -> unconfigured.send(someone(), "n-1").block(),
        () -> unconfigured.confirm(someone(), "n-1", "123456").block())) {
      assertThatThrownBy(call::run).isInstanceOfSatisfying(Rejected.class, r -> {
        assertThat(r.kind()).isEqualTo(ProblemKind.NOT_IMPLEMENTED);
        assertThat(r.kind().status()).isEqualTo(501);
        assertThat(r.getMessage())
            .contains("sms check")
            .contains("kith.checks.sms.service-sid")
            .contains("kith.checks.sms.username")
            .contains("kith.checks.sms.password");
      });
    }
  }

  @Test
  @DisplayName("a number is shown with its country's first digit and its last three digits only")
  void masked() {
    assertThat(PhoneChecks.masked("+64211234567")).isEqualTo("+6•••••••567");
    assertThat(PhoneChecks.masked("+14155550100")).isEqualTo("+1•••••••100");
  }
}
