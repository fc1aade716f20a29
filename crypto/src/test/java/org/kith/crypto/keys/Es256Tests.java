package org.kith.crypto.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ES256 on one provider")
class Es256Tests {
  private final ECKey key = generate();
  private final ECKey other = generate();

  @Test
  @DisplayName("what it signs the JDK verifies, and what the JDK signs it verifies")
  void interoperatesWithTheJdk() throws Exception {
    JWSObject ours = signed(Es256.signer(key));
    assertThat(ours.verify(new ECDSAVerifier(key.toPublicJWK()))).isTrue();
    JWSObject jdks = signed(new ECDSASigner(key));
    assertThat(JWSObject.parse(jdks.serialize()).verify(Es256.verifier(key))).isTrue();
  }

  @Test
  @DisplayName(
      "another key's signature, a changed payload, and a zero or out-of-range signature are refused")
  void refuses() throws Exception {
    JWSObject ours = signed(Es256.signer(key));
    assertThat(JWSObject.parse(ours.serialize()).verify(Es256.verifier(other))).isFalse();
    String[] parts = ours.serialize().split("\\.");
    String changed = parts[0] + "." + Base64URL.encode("{\"sub\":\"mallory\"}") + "." + parts[2];
    assertThat(JWSObject.parse(changed).verify(Es256.verifier(key))).isFalse();
    // CVE-2022-21449 ("psychic signatures"): r = s = 0 must never verify
    String zero = parts[0] + "." + parts[1] + "." + Base64URL.encode(new byte[64]);
    assertThat(JWSObject.parse(zero).verify(Es256.verifier(key))).isFalse();
    byte[] high = new byte[64];
    java.util.Arrays.fill(high, (byte) 0xff);
    String outOfRange = parts[0] + "." + parts[1] + "." + Base64URL.encode(high);
    assertThat(JWSObject.parse(outOfRange).verify(Es256.verifier(key))).isFalse();
  }

  private static JWSObject signed(com.nimbusds.jose.JWSSigner signer) throws Exception {
    JWSObject jws =
        new JWSObject(new JWSHeader(JWSAlgorithm.ES256), new Payload("{\"sub\":\"alice\"}"));
    jws.sign(signer);
    return jws;
  }

  @Test
  @DisplayName(
      "signatures are deterministic (RFC 6979), 64 bytes R then S, and verify on SunEC for many messages")
  void deterministicAndWellFormed() throws Exception {
    for (int i = 0; i < 200; i++) {
      JWSObject a =
          new JWSObject(new JWSHeader(JWSAlgorithm.ES256), new Payload("{\"n\":" + i + "}"));
      JWSObject b =
          new JWSObject(new JWSHeader(JWSAlgorithm.ES256), new Payload("{\"n\":" + i + "}"));
      a.sign(Es256.signer(key));
      b.sign(Es256.signer(key));
      assertThat(a.getSignature()).isEqualTo(b.getSignature());
      assertThat(a.getSignature().decode()).hasSize(64);
      assertThat(JWSObject.parse(a.serialize()).verify(new ECDSAVerifier(key.toPublicJWK())))
          .isTrue();
    }
  }

  @Test
  @DisplayName("only ES256, and only with a private P-256 key")
  void refusesOtherAlgorithmsAndKeys() throws Exception {
    JWSObject es384 = new JWSObject(new JWSHeader(JWSAlgorithm.ES384), new Payload("{}"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> es384.sign(Es256.signer(key)))
        .isInstanceOf(com.nimbusds.jose.JOSEException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Es256.signer(key.toPublicJWK()))
        .isInstanceOf(com.nimbusds.jose.JOSEException.class);
    ECKey p384 = new ECKeyGenerator(Curve.P_384).generate();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Es256.signer(p384))
        .isInstanceOf(com.nimbusds.jose.JOSEException.class);
  }

  private static ECKey generate() {
    try {
      return new ECKeyGenerator(Curve.P_256).generate();
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
