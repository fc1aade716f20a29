package org.kith.core.verification;

import org.jspecify.annotations.Nullable;

/** Port: detached-JWS signatures over RFC 8785 canonical JSON, under Kith's live signing keys. */
public interface RecordCrypto {
  /** The compact detached JWS ({@code header..signature}) over the canonical JSON of {@code data}. */
  String sign(Object data);

  /** Whether {@code signature} verifies over {@code data} with a current or retired key. Never throws. */
  boolean verify(@Nullable Object data, @Nullable String signature);

  /** The RFC 8785 canonical JSON text of a value. */
  String canonical(@Nullable Object value);
}
