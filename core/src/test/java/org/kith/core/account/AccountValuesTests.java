package org.kith.core.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.kith.core.Rejected;

@DisplayName("account values")
class AccountValuesTests {
  @Test
  @DisplayName(
      "admin usernames are canonical, blanks dropped; admins are also verifiers, everyone is a user")
  void roles() {
    AccountSettings settings = VerificationCodesTests.settings();
    assertThat(settings.adminUsernames()).containsExactly("admin@example.org");
    assertThat(settings.rolesOf("admin@example.org"))
        .containsExactlyInAnyOrder(
            AccountSettings.ROLE_USER, AccountSettings.ROLE_ADMIN, AccountSettings.ROLE_VERIFIER);
    assertThat(settings.rolesOf("ana@example.org")).containsExactly(AccountSettings.ROLE_USER);
    assertThat(settings.rolesOf("Admin@Example.org")).containsExactly(AccountSettings.ROLE_USER);
  }

  @Test
  @DisplayName("the public address that email links start with has no trailing slash")
  void linkBase() {
    assertThat(VerificationCodesTests.settings().linkBase()).isEqualTo("https://kith.example");
  }

  @Test
  @DisplayName("an admin username that is not a valid name stops start-up with the setting named")
  void invalidAdmin() {
    assertThatThrownBy(() -> new AccountSettings(
            Set.of("ad\u200Bmin@example.org"),
            Duration.ofHours(1),
            3,
            Duration.ofMinutes(1),
            Duration.ofDays(1),
            VerificationCodesTests.settings().login(),
            new LoginThrottle.Budget(1, Duration.ofMinutes(1)),
            "https://kith.example"))
        .isInstanceOfSatisfying(
            Rejected.class,
            e -> assertThat(e.errors())
                .singleElement()
                .satisfies(f -> assertThat(f.path()).isEqualTo("kith.admin.usernames")));
  }

  @ParameterizedTest
  @EnumSource(Scope.class)
  @DisplayName("scopes go over the wire in lower case and come back")
  void scopeWire(Scope scope) {
    assertThat(scope.wireName()).isLowerCase();
    assertThat(Scope.fromWire(scope.wireName())).contains(scope);
    assertThat(Scope.fromWire(scope.name())).isEmpty();
  }

  @Test
  @DisplayName("unknown scope names are not scopes")
  void unknownScope() {
    assertThat(Scope.fromWire("admin")).isEmpty();
    assertThat(Scope.fromWire("")).isEmpty();
  }

  @Test
  @DisplayName(
      "a principal may do only what its scopes and roles say, and they cannot change under it")
  void principal() {
    Set<String> roles = new HashSet<>(Set.of(AccountSettings.ROLE_USER));
    Set<Scope> scopes = new HashSet<>(Set.of(Scope.READ));
    Principal p = new Principal(
        "u1", "ana@example.org", roles, scopes, null, Principal.Credential.PERSONAL_ACCESS_TOKEN);
    roles.add(AccountSettings.ROLE_ADMIN);
    scopes.add(Scope.ACCOUNT);
    assertThat(p.allows(Scope.READ)).isTrue();
    assertThat(p.allows(Scope.WRITE)).isFalse();
    assertThat(p.allows(Scope.ACCOUNT)).isFalse();
    assertThat(p.hasRole(AccountSettings.ROLE_ADMIN)).isFalse();
  }

  @Test
  @DisplayName("token claims and subjects keep a snapshot of the roles")
  void claims() {
    Set<String> roles = new HashSet<>(Set.of("user"));
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    TokenClaims claims =
        new TokenClaims("u1", "ana@example.org", roles, "s1", now, now.plusSeconds(300));
    TokenSubject subject = new TokenSubject("u1", "ana@example.org", roles, "s1");
    roles.add("admin");
    assertThat(claims.roles()).containsExactly("user");
    assertThat(subject.roles()).containsExactly("user");
  }

  @Test
  @DisplayName(
      "the longest block among several keys decides how long to wait; none blocked is zero")
  void longestBlock() {
    assertThat(LoginThrottle.Status.longestBlock(List.of(
            new LoginThrottle.Status(Duration.ofSeconds(3), true),
            new LoginThrottle.Status(Duration.ofSeconds(9), true),
            new LoginThrottle.Status(Duration.ZERO, false))))
        .hasSeconds(9);
    assertThat(LoginThrottle.Status.longestBlock(List.of())).isZero();
  }
}
