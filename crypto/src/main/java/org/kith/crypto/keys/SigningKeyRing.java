package org.kith.crypto.keys;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The live signing key set behind tokens and verification records, backed by a private JWK set file in
 * the data directory. Rotation happens without a restart: {@link #rotate()} puts a fresh key first (it signs
 * from then on) and keeps the previous keys as retired keys that still verify; {@link #remove(String)}
 * drops a retired key, after which what it signed no longer verifies. Every change is written to the file
 * atomically before it takes effect, and {@link #reloadIfChanged()} picks up a rotation made by another
 * process sharing the directory. Reads are lock-free snapshots; changes are serialised. Thread-safe.
 */
public final class SigningKeyRing {
  private final Path file;
  private final AtomicReference<Snapshot> snapshot;

  private record Snapshot(SigningKeys keys, FileTime modified) {}

  private SigningKeyRing(Path file) {
    this.file = file;
    this.snapshot = new AtomicReference<>(read(file, SigningKeys.loadOrCreate(file)));
  }

  /** The ring kept in {@code file}, created with one fresh key if the file does not exist. */
  public static SigningKeyRing open(Path file) {
    return new SigningKeyRing(file);
  }

  /** The keys as they are now (the first one signs). */
  public SigningKeys keys() {
    return snapshot.get().keys();
  }

  /** Generates a new current key; the old current key becomes a retired key. Returns the new key's kid. */
  public synchronized String rotate() {
    reloadIfChanged(); // start from what another node may have written, never from a stale snapshot
    List<JWK> next = new ArrayList<>();
    JWK fresh = SigningKeys.generate();
    next.add(fresh);
    next.addAll(keys().all());
    store(next);
    return fresh.getKeyID();
  }

  /**
   * Removes a retired key. The current key cannot be removed (rotate first).
   *
   * @return whether a retired key with that kid existed
   * @throws IllegalArgumentException if {@code kid} is the current key
   */
  public synchronized boolean remove(String kid) {
    reloadIfChanged();
    List<JWK> all = keys().all();
    if (all.get(0).getKeyID().equals(kid)) {
      throw new IllegalArgumentException("the current signing key cannot be removed; rotate first");
    }
    List<JWK> next = new ArrayList<>(all);
    boolean removed = next.removeIf(k -> kid.equals(k.getKeyID()));
    if (removed) {
      store(next);
    }
    return removed;
  }

  /** Re-reads the file when another process changed it. Returns whether the keys changed. */
  public synchronized boolean reloadIfChanged() {
    Optional<FileTime> modified = modified(file);
    if (modified.isEmpty() || modified.get().equals(snapshot.get().modified())) {
      return false;
    }
    try {
      SigningKeys keys =
          SigningKeys.of(JWKSet.parse(Files.readString(file, StandardCharsets.UTF_8)));
      snapshot.set(new Snapshot(keys, modified.get()));
      return true;
    } catch (IOException | ParseException | IllegalArgumentException e) {
      // A file being replaced or damaged: keep the keys we have; the next poll tries again.
      return false;
    }
  }

  private void store(List<JWK> keys) {
    JWKSet set = new JWKSet(keys);
    KeyFiles.write(file, set.toString(false).getBytes(StandardCharsets.UTF_8));
    snapshot.set(read(file, SigningKeys.of(set)));
  }

  private static Snapshot read(Path file, SigningKeys keys) {
    return new Snapshot(keys, modified(file).orElse(FileTime.fromMillis(0)));
  }

  private static Optional<FileTime> modified(Path file) {
    try {
      return Optional.of(Files.getLastModifiedTime(file));
    } catch (java.nio.file.NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the signing key file's time", e);
    }
  }
}
