package org.kith.core.consent;

import java.time.Instant;
import java.util.Map;

/** An application's public key ({@code n_id} is its id) that data owners wrap field keys under. */
public record AppPublicKey(
    String nId,
    String aId,
    Map<String, Object> jwk,
    String thumbprint,
    int modulusBytes,
    boolean isDefault,
    Instant createdAt) {
  public AppPublicKey {
    jwk = Map.copyOf(jwk);
  }
}
