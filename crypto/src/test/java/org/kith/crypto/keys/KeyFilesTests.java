package org.kith.crypto.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.crypto.password.HmacSecretHasher;

@DisplayName("key files in the data directory")
class KeyFilesTests {
  @Test
  @DisplayName(
      "the signing key is generated once, owner-only, and the same key is loaded on restart")
  void signingKeys(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("keys/signing-keys.jwks.json");
    SigningKeys first = SigningKeys.loadOrCreate(file);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    SigningKeys again = SigningKeys.loadOrCreate(file);
    assertThat(again.current().getKeyID()).isEqualTo(first.current().getKeyID());
    assertThat(again.current().isPrivate()).isTrue();
    assertThat(first.publicSet().getKeys())
        .allSatisfy(k -> assertThat(k.isPrivate()).isFalse());
    try (var listing = Files.list(file.getParent())) {
      assertThat(listing).containsExactly(file);
    }
  }

  @Test
  @DisplayName(
      "the secret-hashing key is keyed: the same key hashes alike, another key (installation) differently")
  void hmacKey() {
    byte[] key = new byte[32];
    byte[] other = new byte[32];
    other[0] = 1;
    HmacSecretHasher a = new HmacSecretHasher(key);
    HmacSecretHasher a2 = new HmacSecretHasher(key.clone());
    HmacSecretHasher b = new HmacSecretHasher(other);
    assertThat(a.hash("123456"))
        .isEqualTo(a2.hash("123456"))
        .isNotEqualTo(b.hash("123456"))
        .isNotEqualTo(a.hash("123457"))
        .doesNotContain("123456");
  }
}
