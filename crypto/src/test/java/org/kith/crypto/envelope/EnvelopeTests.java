package org.kith.crypto.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.kith.core.Rejected;
import org.kith.core.consent.KeyMaterial;

@DisplayName("the WebCrypto envelope")
class EnvelopeTests {
  static final RSAKey APP = generate(2048);
  static final WebCryptoKeyMaterial MATERIAL = new WebCryptoKeyMaterial();

  static RSAKey generate(int bits) {
    try {
      return new RSAKeyGenerator(bits, true)
          .algorithm(JWEAlgorithm.RSA_OAEP_512)
          .keyOperations(Set.of(KeyOperation.WRAP_KEY))
          .generate();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, Object> publicJwk(RSAKey key) {
    return new LinkedHashMap<>(key.toPublicJWK().toJSONObject());
  }

  @Nested
  @DisplayName("seal and open")
  class Cipher {
    @Test
    @DisplayName("opens with the recipient's key to the same bytes; a fresh key and IV every time")
    void roundTrip() throws Exception {
      byte[] secret = "date_of_birth=1974-08-12".getBytes(StandardCharsets.UTF_8);
      Envelope a = EnvelopeCipher.seal(secret, APP.toRSAPublicKey());
      Envelope b = EnvelopeCipher.seal(secret, APP.toRSAPublicKey());
      assertThat(EnvelopeCipher.open(a, APP.toRSAPrivateKey())).isEqualTo(secret);
      assertThat(a.iv()).isNotEqualTo(b.iv());
      assertThat(a.encryptedKey()).isNotEqualTo(b.encryptedKey());
      assertThat(Base64.getUrlDecoder().decode(a.iv())).hasSize(12);
      assertThat(Base64.getUrlDecoder().decode(a.encryptedKey())).hasSize(256);
      assertThat(Envelope.fromJson(a.toJson())).isEqualTo(a);
    }

    @Test
    @DisplayName("another key, a changed ciphertext, IV or wrapped key fails to open")
    void tampering() throws Exception {
      Envelope e = EnvelopeCipher.seal(new byte[] {1, 2, 3}, APP.toRSAPublicKey());
      assertThatThrownBy(() -> EnvelopeCipher.open(e, generate(2048).toRSAPrivateKey()))
          .isInstanceOf(GeneralSecurityException.class);
      byte[] data = Base64.getUrlDecoder().decode(e.data());
      data[0] ^= 1;
      String changed = Base64.getUrlEncoder().withoutPadding().encodeToString(data);
      assertThatThrownBy(() -> EnvelopeCipher.open(
              new Envelope(changed, e.iv(), e.encryptedKey()), APP.toRSAPrivateKey()))
          .isInstanceOf(GeneralSecurityException.class);
      Envelope other = EnvelopeCipher.seal(new byte[] {1, 2, 3}, APP.toRSAPublicKey());
      assertThatThrownBy(() -> EnvelopeCipher.open(
              new Envelope(e.data(), other.iv(), e.encryptedKey()), APP.toRSAPrivateKey()))
          .isInstanceOf(GeneralSecurityException.class);
      assertThatThrownBy(() -> EnvelopeCipher.open(
              new Envelope(e.data(), e.iv(), other.encryptedKey()), APP.toRSAPrivateKey()))
          .isInstanceOf(GeneralSecurityException.class);
      assertThatThrownBy(() -> EnvelopeCipher.open(
              new Envelope("***", e.iv(), e.encryptedKey()), APP.toRSAPrivateKey()))
          .isInstanceOf(GeneralSecurityException.class);
    }
  }

  @Nested
  @DisplayName("public key validation")
  class PublicKeys {
    @Test
    @DisplayName(
        "an RSA-OAEP-512 wrapKey public key is accepted and stored without ext, with its thumbprint")
    void accepted() throws Exception {
      Map<String, Object> jwk = publicJwk(APP);
      jwk.put("ext", true);
      KeyMaterial.PublicKeyInfo info = MATERIAL.checkPublicKey(jwk);
      assertThat(info.modulusBytes()).isEqualTo(256);
      assertThat(info.thumbprint()).isEqualTo(APP.computeThumbprint().toString());
      assertThat(info.jwk()).doesNotContainKey("ext").containsEntry("alg", "RSA-OAEP-512");
      Map<String, Object> encrypt = publicJwk(APP);
      encrypt.put("key_ops", List.of("encrypt", "wrapKey"));
      encrypt.put("use", "enc");
      MATERIAL.checkPublicKey(encrypt);
    }

    @Test
    @DisplayName(
        "private members, small keys, other algorithms, signing keys and non-RSA keys are refused with a reason")
    void refused() {
      assertRefused(new LinkedHashMap<>(APP.toJSONObject()), "key/d");
      assertRefused(publicJwk(generate(1024)), "key/n");
      Map<String, Object> alg = publicJwk(APP);
      alg.put("alg", "RSA-OAEP");
      assertRefused(alg, "key/alg");
      Map<String, Object> noAlg = publicJwk(APP);
      noAlg.remove("alg");
      assertRefused(noAlg, "key/alg");
      Map<String, Object> ops = publicJwk(APP);
      ops.put("key_ops", List.of("verify"));
      assertRefused(ops, "key/key_ops");
      Map<String, Object> noOps = publicJwk(APP);
      noOps.remove("key_ops");
      assertRefused(noOps, "key/key_ops");
      Map<String, Object> use = publicJwk(APP);
      use.put("use", "sig");
      assertRefused(use, "key"); // nimbus refuses use sig with key_ops wrapKey as inconsistent
      Map<String, Object> exponent = publicJwk(APP);
      exponent.put("e", "Ag");
      assertRefused(exponent, "key/e");
      assertThatThrownBy(() ->
              MATERIAL.checkPublicKey(Map.of("kty", "EC", "crv", "P-256", "x", "AA", "y", "AA")))
          .isInstanceOf(Rejected.class);
      assertThatThrownBy(() -> MATERIAL.checkPublicKey("x")).isInstanceOf(Rejected.class);
      assertThatThrownBy(() -> MATERIAL.checkPublicKey(null)).isInstanceOf(Rejected.class);
    }

    void assertRefused(Map<String, Object> jwk, String path) {
      assertThatThrownBy(() -> MATERIAL.checkPublicKey(jwk))
          .isInstanceOfSatisfying(
              Rejected.class,
              r -> assertThat(r.errors()).anySatisfy(e -> assertThat(e.path()).isEqualTo(path)));
    }
  }

  @Nested
  @DisplayName("wrapped key validation")
  class WrappedKeys {
    @Test
    @DisplayName(
        "the exact envelope shape passes; missing, extra, oversized or non-base64url parts are refused")
    void shape() throws Exception {
      Map<String, Object> good =
          EnvelopeCipher.seal(new byte[100], APP.toRSAPublicKey()).toJson();
      MATERIAL.checkWrappedKeyShape(good);
      assertRefused(Map.of("encrypted_data", good.get("encrypted_data")));
      Map<String, Object> extra = new LinkedHashMap<>(good);
      extra.put("note", "x");
      assertRefused(extra);
      assertRefused(withData(good, "algorithm", Map.of("name", "AES-CBC", "length", 256)));
      assertRefused(withData(good, "algorithm", Map.of("name", "AES-GCM", "length", 128)));
      assertRefused(withData(good, "iv", "AAAA"));
      assertRefused(withData(good, "iv", "not base64url!"));
      assertRefused(withData(good, "data", ""));
      assertRefused(withData(good, "data", "A".repeat(200_000)));
      assertRefused(withData(good, "data", "QUJD=="));
      Map<String, Object> shortKey = new LinkedHashMap<>(good);
      shortKey.put("encrypted_key", Map.of("encrypted_key", "AAAA"));
      assertRefused(shortKey);
      assertRefused(List.of());
      assertRefused(null);
    }

    @Test
    @DisplayName("an instance key must be one RSA block of the app key's size")
    void instanceKey() {
      String block = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[256]);
      MATERIAL.checkEncryptedKey(block, 256, "keys/0/encrypted_key");
      assertThatThrownBy(() -> MATERIAL.checkEncryptedKey(block, 512, "keys/0/encrypted_key"))
          .isInstanceOf(Rejected.class);
      assertThatThrownBy(() -> MATERIAL.checkEncryptedKey(42, 256, "keys/0/encrypted_key"))
          .isInstanceOf(Rejected.class);
    }

    Map<String, Object> withData(Map<String, Object> envelope, String member, Object value) {
      @SuppressWarnings("unchecked")
      Map<String, Object> data =
          new LinkedHashMap<>((Map<String, Object>) envelope.get("encrypted_data"));
      data.put(member, value);
      Map<String, Object> copy = new LinkedHashMap<>(envelope);
      copy.put("encrypted_data", data);
      return copy;
    }

    void assertRefused(Object wrapped) {
      assertThatThrownBy(() -> MATERIAL.checkWrappedKeyShape(wrapped)).isInstanceOf(Rejected.class);
    }
  }
}
