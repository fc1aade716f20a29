package org.kith.crypto.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.util.Base64;
import org.kith.core.Rejected;
import org.kith.core.consent.KeyMaterial.PublicKeyInfo;
import org.kith.crypto.envelope.WebCryptoKeyMaterial;

/**
 * The validators of uploaded key material: an application's public JWK and a user's wrapped private key, fed
 * with JSON derived from valid examples. Property: each input is accepted or refused with a 4xx naming the
 * problem — nothing else escapes — and whatever is accepted has the one shape Kith stores: public members
 * only, an RSA modulus of 2048–8192 bits.
 */
class WrappedKeyFuzz {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String PUBLIC_KEY =
      "{\"kty\":\"RSA\",\"alg\":\"RSA-OAEP-512\",\"key_ops\":[\"wrapKey\"],\"e\":\"AQAB\","
          + "\"n\":\""
          + Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(
                  BigInteger.ONE.shiftLeft(2047).add(BigInteger.valueOf(12345)).toByteArray())
          + "\",\"ext\":true}";
  static final String WRAPPED =
      "{\"encrypted_data\":{\"algorithm\":{\"name\":\"AES-GCM\",\"length\":256},"
          + "\"data\":\"" + "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo".repeat(2)
          + "\",\"iv\":\"AAECAwQFBgcICQoL\"},"
          + "\"encrypted_key\":{\"encrypted_key\":\"" + "A".repeat(342) + "\"}}";
  static final WebCryptoKeyMaterial KEYS = new WebCryptoKeyMaterial();

  @FuzzTest(maxDuration = "30s")
  void check(FuzzedDataProvider data) {
    boolean publicKey = data.consumeBoolean();
    String text = data.consumeBoolean()
        ? Mutations.splice(publicKey ? PUBLIC_KEY : WRAPPED, data)
        : data.consumeRemainingAsString();
    Object parsed;
    try {
      parsed = JSON.readValue(text, Object.class);
    } catch (JsonProcessingException e) {
      return;
    }
    try {
      if (publicKey) {
        PublicKeyInfo info = KEYS.checkPublicKey(parsed);
        assertThat(info.jwk()).doesNotContainKeys("d", "p", "q", "dp", "dq", "qi", "oth", "ext");
        assertThat(info.modulusBytes()).isBetween(256, 1024);
      } else {
        KEYS.checkWrappedKeyShape(parsed);
      }
    } catch (Rejected r) {
      assertThat(r.kind().status()).isBetween(400, 499);
    }
  }
}
