package org.kith.crypto.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.core.keys.KeyVault;

@DisplayName("the installation's keys, sealed in the key vault")
class InstallationKeysTests {
  static final byte[] KEK = new byte[32];
  static final byte[] OTHER_KEK =
      Base64.getDecoder().decode("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");

  @Test
  @DisplayName(
      "a secret key is created once, the vault holds it only sealed, and every node reads the same key")
  void createdOnce(@TempDir Path dir) {
    MemoryKeyVault vault = new MemoryKeyVault();
    byte[] first = new InstallationKeys(vault, new KeySealing(KEK))
        .secret("secret-hash", dir.resolve("a.key"));
    byte[] again = new InstallationKeys(vault, new KeySealing(KEK))
        .secret("secret-hash", dir.resolve("b.key"));

    assertThat(first).hasSize(32).isEqualTo(again);
    KeyVault.Sealed stored = vault.stored("secret-hash");
    assertThat(stored.version()).isEqualTo(1);
    assertThat(stored.value())
        .doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(first))
        .doesNotContain(Base64.getEncoder().encodeToString(first))
        .matches("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]*){4}");
  }

  @Test
  @DisplayName(
      "an older version's key file is moved into the vault on first start and removed from the disk")
  void legacyFileMoved(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("secret-hash.key");
    byte[] legacy = new byte[32];
    legacy[0] = 7;
    Files.write(file, legacy);
    MemoryKeyVault vault = new MemoryKeyVault();

    assertThat(new InstallationKeys(vault, new KeySealing(KEK)).secret("secret-hash", file))
        .isEqualTo(legacy);
    assertThat(file).doesNotExist();
    assertThat(new InstallationKeys(vault, new KeySealing(KEK)).secret("secret-hash", file))
        .isEqualTo(legacy);
  }

  @Test
  @DisplayName(
      "a key file beside a stored key is removed when it holds the same key, and kept aside unused when not")
  void legacyFileBesideAStoredKey(@TempDir Path dir) throws Exception {
    MemoryKeyVault vault = new MemoryKeyVault();
    InstallationKeys keys = new InstallationKeys(vault, new KeySealing(KEK));
    byte[] stored = keys.secret("field-commitment", dir.resolve("none.key"));
    Path same = dir.resolve("same.key");
    Files.write(same, stored);
    Path different = dir.resolve("different.key");
    Files.write(different, new byte[32]);

    assertThat(keys.secret("field-commitment", same)).isEqualTo(stored);
    assertThat(same).doesNotExist();
    assertThat(keys.secret("field-commitment", different)).isEqualTo(stored);
    assertThat(different).doesNotExist();
    assertThat(dir.resolve("different.key.superseded")).exists();
  }

  @Test
  @DisplayName(
      "a node with another key-encryption key cannot unseal the keys and says which setting to align")
  void otherKek(@TempDir Path dir) {
    MemoryKeyVault vault = new MemoryKeyVault();
    new InstallationKeys(vault, new KeySealing(KEK)).secret("secret-hash", dir.resolve("a.key"));

    assertThatThrownBy(() -> new InstallationKeys(vault, new KeySealing(OTHER_KEK))
            .secret("secret-hash", dir.resolve("a.key")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("kith.keys.encryption-key");
  }

  @Test
  @DisplayName("a sealed key copied under another name does not unseal")
  void boundToItsName() {
    KeySealing sealing = new KeySealing(KEK);
    String sealed = sealing.seal("secret-hash", new byte[32]);

    assertThat(sealing.unseal("secret-hash", sealed)).hasSize(32);
    assertThatThrownBy(() -> sealing.unseal("field-commitment", sealed))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  @DisplayName(
      "the key-encryption key comes from configuration (32 bytes, base64) or from an owner-only file made once")
  void keyEncryptionKey(@TempDir Path dir) throws Exception {
    String configured = Base64.getEncoder().encodeToString(OTHER_KEK);
    String sealed = KeySealing.of(configured, dir.resolve("unused.key")).seal("x", new byte[] {1});
    assertThat(new KeySealing(OTHER_KEK).unseal("x", sealed)).containsExactly(1);
    assertThat(dir.resolve("unused.key")).doesNotExist();
    assertThatThrownBy(() -> KeySealing.of("c2hvcnQ=", dir.resolve("unused.key")))
        .hasMessageContaining("32 bytes");
    assertThatThrownBy(() -> KeySealing.of("not base64!", dir.resolve("unused.key")))
        .hasMessageContaining("not base64");

    Path file = dir.resolve("keys/key-encryption.key");
    String fromFile = KeySealing.of(null, file).seal("x", new byte[] {2});
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(KeySealing.of("", file).unseal("x", fromFile)).containsExactly(2);
  }
}
