package org.kith.crypto.sdjwt;

import com.nimbusds.jose.jwk.JWK;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.kith.core.Rejected;
import org.kith.core.verification.SdJwts;
import org.kith.crypto.keys.SigningKeyRing;
import org.kith.crypto.keys.SigningKeys;

/** {@link SdJwts} over Kith's live key ring. */
public final class Es256SdJwts implements SdJwts {
  private final SdJwtIssuer issuer;
  private final SdJwtVerifier verifier;

  public Es256SdJwts(SigningKeyRing ring, String issuerName, Duration lifetime, Clock clock) {
    this.issuer = new SdJwtIssuer(ring::keys, issuerName, lifetime, clock);
    this.verifier = new SdJwtVerifier(SigningKeys.published(ring::keys), clock);
  }

  @Override
  public Issued issue(
      Map<String, Object> visible,
      Map<String, @Nullable Object> documentData,
      @Nullable Object holderJwk) {
    JWK holder = null;
    if (holderJwk != null) {
      if (!(holderJwk instanceof Map<?, ?> m)) {
        throw Rejected.invalid("holder_jwk", "the holder key must be a public JWK object");
      }
      try {
        Map<String, Object> copy = new LinkedHashMap<>();
        m.forEach((k, v) -> copy.put(String.valueOf(k), v));
        holder = JWK.parse(copy);
      } catch (ParseException | RuntimeException e) {
        throw Rejected.invalid("holder_jwk", "not a JWK: " + e.getMessage());
      }
      if (holder.isPrivate()
          || !(holder instanceof com.nimbusds.jose.jwk.ECKey ec)
          || !com.nimbusds.jose.jwk.Curve.P_256.equals(ec.getCurve())) {
        throw Rejected.invalid(
            "holder_jwk", "the holder key must be a public P-256 EC key (ES256 key binding)");
      }
    }
    try {
      SdJwtIssuer.Issued issued = issuer.issue(visible, documentData, holder);
      return new Issued(
          issued.sdJwt(),
          issued.disclosures().stream()
              .map(d -> new Disclosed(d.name(), d.value(), d.disclosure()))
              .toList());
    } catch (IllegalArgumentException e) {
      throw Rejected.invalid("data", e.getMessage());
    }
  }

  @Override
  public Result verify(String presentation, @Nullable String audience, @Nullable String nonce) {
    try {
      SdJwtVerifier.Verified v = verifier.verify(presentation, audience, nonce);
      return new Result(new Presentation(v.claims(), v.keyBound()), null);
    } catch (SdJwtVerifier.Invalid e) {
      return new Result(null, e.getMessage());
    }
  }
}
