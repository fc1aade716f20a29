package org.kith.crypto.record;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.kith.core.verification.RecordCrypto;
import org.kith.crypto.keys.SigningKeyRing;
import org.kith.crypto.keys.SigningKeys;

/** {@link RecordCrypto} over Kith's live key ring: the current key signs, current and retired keys verify. */
public final class Es256RecordCrypto implements RecordCrypto {
  private final Es256RecordSigner signer;
  private final RecordVerifier verifier;

  public Es256RecordCrypto(SigningKeyRing ring) {
    this.signer = new Es256RecordSigner(ring::keys);
    this.verifier = new RecordVerifier(SigningKeys.published(ring::keys));
  }

  @Override
  public String sign(Object data) {
    return signer.sign(data);
  }

  @Override
  public boolean verify(@Nullable Object data, @Nullable String signature) {
    return verifier.verify(data, signature);
  }

  @Override
  public String canonical(@Nullable Object value) {
    return new String(CanonicalJson.of(value), StandardCharsets.UTF_8);
  }
}
