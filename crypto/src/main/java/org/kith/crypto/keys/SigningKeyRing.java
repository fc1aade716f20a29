package org.kith.crypto.keys;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * The live signing key set behind tokens and verification records, a private JWK set kept sealed in the database
 * ({@link InstallationKeys}) so that every API node signs with the same key. Rotation happens without a restart:
 * {@link #rotate()} puts a fresh key first (it signs from then on) and keeps the previous keys as retired keys that
 * still verify, and stay in the published JWKS, until an admin removes them; {@link #remove(String)} drops a retired
 * key, after which what it signed no longer verifies. Every change is stored before it takes effect, and names the
 * version it replaces, so two nodes changing the ring at once do not lose either change; {@link #reloadIfChanged()}
 * picks up a change made by another node. Reads are lock-free snapshots; changes are serialised. Thread-safe.
 */
public final class SigningKeyRing {
  /** The ring's name in the vault. */
  public static final String NAME = "signing-keys";

  private final InstallationKeys store;
  private final AtomicReference<Snapshot> snapshot;

  private record Snapshot(SigningKeys keys, long version) {}

  private SigningKeyRing(InstallationKeys store, InstallationKeys.Versioned stored) {
    this.store = store;
    this.snapshot = new AtomicReference<>(new Snapshot(parse(stored.material()), stored.version()));
  }

  /**
   * The ring in {@code store}; when none is stored yet, the one in {@code legacyFile} (an older version's key file,
   * moved into the store), else one fresh key.
   */
  public static SigningKeyRing open(InstallationKeys store, Path legacyFile) {
    return new SigningKeyRing(
        store, store.adopt(NAME, legacyFile, () -> json(List.of(SigningKeys.generate()))));
  }

  /** The keys as they are now (the first one signs). */
  public SigningKeys keys() {
    return snapshot.get().keys();
  }

  /** Generates a new current key; the old current key becomes a retired key. Returns the new key's kid. */
  public synchronized String rotate() {
    JWK fresh = SigningKeys.generate();
    change(all -> {
      List<JWK> next = new ArrayList<>();
      next.add(fresh);
      next.addAll(all);
      return next;
    });
    return fresh.getKeyID();
  }

  /**
   * Removes a retired key. The current key cannot be removed (rotate first).
   *
   * @return whether a retired key with that kid existed
   * @throws IllegalArgumentException if {@code kid} is the current key
   */
  public synchronized boolean remove(String kid) {
    boolean[] removed = {false};
    change(all -> {
      if (all.get(0).getKeyID().equals(kid)) {
        throw new IllegalArgumentException(
            "the current signing key cannot be removed; rotate first");
      }
      List<JWK> next = new ArrayList<>(all);
      removed[0] = next.removeIf(k -> kid.equals(k.getKeyID()));
      return removed[0] ? next : all;
    });
    return removed[0];
  }

  /** Re-reads the stored ring when another node changed it. Returns whether the keys changed. */
  public synchronized boolean reloadIfChanged() {
    Optional<InstallationKeys.Versioned> stored = store.read(NAME);
    if (stored.isEmpty() || stored.get().version() == snapshot.get().version()) {
      return false;
    }
    snapshot.set(new Snapshot(parse(stored.get().material()), stored.get().version()));
    return true;
  }

  /** Applies {@code edit} to the newest stored ring and stores the result, starting again when another node won. */
  private void change(UnaryOperator<List<JWK>> edit) {
    for (int attempt = 0; attempt < 5; attempt++) {
      reloadIfChanged(); // start from what another node may have written, never from a stale
      // snapshot
      Snapshot now = snapshot.get();
      List<JWK> current = now.keys().all();
      List<JWK> next = edit.apply(current);
      if (next == current) {
        return;
      }
      if (store.write(NAME, now.version(), json(next))) {
        snapshot.set(new Snapshot(SigningKeys.of(new JWKSet(next)), now.version() + 1));
        return;
      }
    }
    throw new IllegalStateException(
        "the signing keys could not be changed: other nodes keep changing them");
  }

  private static byte[] json(List<JWK> keys) {
    return new JWKSet(keys).toString(false).getBytes(StandardCharsets.UTF_8);
  }

  private static SigningKeys parse(byte[] json) {
    try {
      return SigningKeys.of(JWKSet.parse(new String(json, StandardCharsets.UTF_8)));
    } catch (ParseException e) {
      throw new IllegalStateException("the stored signing keys are not a JWK set", e);
    }
  }
}
