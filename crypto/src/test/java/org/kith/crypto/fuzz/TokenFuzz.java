package org.kith.crypto.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jose.jwk.JWKSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.kith.core.ProblemKind;
import org.kith.core.Rejected;
import org.kith.core.account.IssuedTokens;
import org.kith.core.account.TokenClaims;
import org.kith.core.account.TokenSubject;
import org.kith.crypto.keys.SigningKeys;
import org.kith.crypto.token.Es256TokenIssuer;

/**
 * JWT parsing and verification of identity and access tokens. Inputs are arbitrary text or a valid token with
 * fuzzer-chosen damage. Property: every input is either refused with a 401 {@link Rejected} (nothing else may
 * escape) or accepted with exactly the claims of a token Kith issued — damage never yields other claims.
 */
class TokenFuzz {
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  static final SigningKeys KEYS = SigningKeys.of(new JWKSet(SigningKeys.generate()));
  static final Es256TokenIssuer ISSUER = new Es256TokenIssuer(
      () -> KEYS, "kith", Duration.ofMinutes(15), Clock.fixed(NOW, ZoneOffset.UTC));
  static final IssuedTokens VALID =
      ISSUER.issue(new TokenSubject("u-1", "alice@example.org", Set.of("user"), "family-1"));

  @FuzzTest(maxDuration = "30s")
  void verify(FuzzedDataProvider data) {
    String token = switch (data.consumeInt(0, 2)) {
      case 0 -> data.consumeRemainingAsString();
      case 1 -> Mutations.splice(VALID.accessToken(), data);
      default -> Mutations.splice(VALID.identityToken(), data);
    };
    TokenClaims claims;
    try {
      claims = ISSUER.verify(token);
    } catch (Rejected r) {
      assertThat(r.kind()).isEqualTo(ProblemKind.UNAUTHENTICATED);
      return;
    }
    assertThat(claims.uId()).isEqualTo("u-1");
    assertThat(claims.username()).isEqualTo("alice@example.org");
    assertThat(claims.roles()).containsExactly("user");
    assertThat(claims.sessionId()).isEqualTo("family-1");
  }
}
