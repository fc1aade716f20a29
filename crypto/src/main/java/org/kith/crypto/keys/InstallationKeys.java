package org.kith.crypto.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.kith.core.keys.KeyVault;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The installation's own keys in the {@link KeyVault}, sealed under the key-encryption key ({@link KeySealing}), so
 * every API node over the same database has the same keys and sees a rotation made by another. A key still in the
 * key file an older version kept in the data directory is moved into the vault on first start, and the file is
 * removed once the vault holds its bytes. Calls block (start-up, and the reload job off the event loop).
 */
public final class InstallationKeys {
  private static final Logger LOG = LoggerFactory.getLogger(InstallationKeys.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private final KeyVault vault;
  private final KeySealing sealing;

  /** Key material with the version the vault gave it. */
  public record Versioned(long version, byte[] material) {}

  public InstallationKeys(KeyVault vault, KeySealing sealing) {
    this.vault = vault;
    this.sealing = sealing;
  }

  public Optional<Versioned> read(String name) {
    return vault
        .read(name)
        .blockOptional(TIMEOUT)
        .map(s -> new Versioned(s.version(), sealing.unseal(name, s.value())));
  }

  /** Stores {@code material} as the version after {@code expected}; false when another writer came first. */
  public boolean write(String name, long expected, byte[] material) {
    return Boolean.TRUE.equals(
        vault.write(name, expected, sealing.seal(name, material)).block(TIMEOUT));
  }

  /** A 256-bit secret key (HMAC, sealing): the stored one, else the legacy file's, else a fresh random one. */
  public byte[] secret(String name, Path legacyFile) {
    return adopt(name, legacyFile, InstallationKeys::random256).material();
  }

  /** 32 bytes from the platform's strong random source: a fresh secret key. */
  static byte[] random256() {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    return k;
  }

  /**
   * The stored material; when none is stored yet, the bytes of {@code legacyFile} if it exists, else {@code
   * create}'s, stored as version 1 (by this node or, when several start at once, by the first).
   */
  public Versioned adopt(String name, Path legacyFile, Supplier<byte[]> create) {
    for (int attempt = 0; attempt < 5; attempt++) {
      Optional<byte[]> legacy = readFile(legacyFile);
      Optional<Versioned> stored = read(name);
      if (stored.isPresent()) {
        legacy.ifPresent(bytes -> retire(name, legacyFile, bytes, stored.get().material()));
        return stored.get();
      }
      byte[] material = legacy.orElseGet(create);
      if (write(name, 0, material)) {
        if (legacy.isPresent()) {
          delete(legacyFile);
          LOG.info("key {} moved from the data directory into the database (sealed)", name);
        }
        return new Versioned(1, material);
      }
    }
    throw new IllegalStateException("cannot store key " + name + ": other nodes keep changing it");
  }

  /** A legacy file beside a stored key: removed when it holds the same key, else kept aside with a warning. */
  private static void retire(String name, Path file, byte[] bytes, byte[] stored) {
    if (MessageDigest.isEqual(bytes, stored)) {
      delete(file);
      return;
    }
    Path aside = file.resolveSibling(file.getFileName() + ".superseded");
    try {
      Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move key file " + file.getFileName() + " aside", e);
    }
    LOG.warn(
        "key {}: the database already holds a different key; this node's file was kept as {} and is not used",
        name,
        aside.getFileName());
  }

  private static Optional<byte[]> readFile(Path file) {
    try {
      return Files.exists(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read key file " + file.getFileName(), e);
    }
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove key file " + file.getFileName(), e);
    }
  }
}
