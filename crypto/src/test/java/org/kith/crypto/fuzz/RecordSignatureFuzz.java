package org.kith.crypto.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jose.jwk.JWKSet;
import java.util.Arrays;
import org.kith.crypto.keys.SigningKeys;
import org.kith.crypto.record.CanonicalJson;
import org.kith.crypto.record.Es256RecordSigner;
import org.kith.crypto.record.RecordVerifier;

/**
 * Detached JWS parsing and verification of signed records, with damage to the JSON data, to the signature or to
 * both. Property: nothing throws, and a record verifies only if its data is canonically the signed data.
 */
class RecordSignatureFuzz {
  static final SigningKeys KEYS = SigningKeys.of(new JWKSet(SigningKeys.generate()));
  static final String DATA =
      "{\"name\":\"Ana María\",\"dob\":\"1990-02-03\",\"n\":[1,2.5,-3e2],\"ok\":true}";
  static final String SIGNATURE =
      new Es256RecordSigner(() -> KEYS).signCanonical(CanonicalJson.ofJson(DATA));
  static final RecordVerifier VERIFIER = RecordVerifier.of(KEYS.publicSet());

  @FuzzTest(maxDuration = "30s")
  void verify(FuzzedDataProvider data) {
    int mode = data.consumeInt(0, 3);
    String json = mode == 1 || mode == 3 ? Mutations.splice(DATA, data) : DATA;
    String signature = mode == 2 || mode == 3
        ? Mutations.splice(SIGNATURE, data)
        : mode == 0 ? data.consumeRemainingAsString() : SIGNATURE;
    if (VERIFIER.verifyJson(json, signature)) {
      assertThat(Arrays.equals(CanonicalJson.ofJson(json), CanonicalJson.ofJson(DATA)))
          .as("verified data %s is the signed data", json)
          .isTrue();
    }
  }
}
