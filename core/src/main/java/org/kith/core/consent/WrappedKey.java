package org.kith.core.consent;

import java.time.Instant;
import java.util.Map;

/** One user's copy of an application private key, wrapped client-side; opaque to the server. */
public record WrappedKey(
    String pkId, String uId, Map<String, Object> key, String storedBy, Instant createdAt) {
  public WrappedKey {
    key = Map.copyOf(key);
  }
}
