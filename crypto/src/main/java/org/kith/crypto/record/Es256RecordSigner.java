package org.kith.crypto.record;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.jwk.ECKey;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.kith.crypto.keys.Es256;
import org.kith.crypto.keys.SigningKeys;

/**
 * Signs verification records: {@code BASE64URL(header) + ".." + BASE64URL(signature)}, the JWS of RFC 7515
 * appendix F with the payload detached, where the payload is the canonical JSON (RFC 8785) of the data. The
 * header is {@code {"alg":"ES256","kid":…,"typ":"kith-record+jws"}}: the explicit type keeps a record from
 * ever being accepted as a token and the other way round (RFC 8725 §3.11). Thread-safe.
 */
public final class Es256RecordSigner {
  /** The {@code typ} of every record signature. */
  public static final JOSEObjectType TYPE = new JOSEObjectType("kith-record+jws");

  private final Supplier<SigningKeys> keys;

  /** @param keys the live key set; the current key signs */
  public Es256RecordSigner(Supplier<SigningKeys> keys) {
    this.keys = keys;
  }

  /** The detached compact JWS over the canonical JSON of {@code data}. */
  public String sign(@Nullable Object data) {
    return signCanonical(CanonicalJson.of(data));
  }

  /** The detached compact JWS over canonical JSON bytes the caller produced. */
  public String signCanonical(byte[] canonical) {
    ECKey key = keys.get().current();
    JWSObject jws = new JWSObject(
        new JWSHeader.Builder(JWSAlgorithm.ES256)
            .keyID(key.getKeyID())
            .type(TYPE)
            .build(),
        new Payload(canonical));
    try {
      jws.sign(Es256.signer(key));
    } catch (JOSEException e) {
      throw new IllegalStateException("signing failed", e);
    }
    return jws.serialize(true);
  }
}
