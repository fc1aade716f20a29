package org.kith.crypto.sdjwt;

import com.authlete.sd.Disclosure;
import com.authlete.sd.SDJWT;
import com.authlete.sd.SDObjectBuilder;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.kith.crypto.keys.Es256;
import org.kith.crypto.keys.SigningKeys;

/**
 * Issues SD-JWTs (RFC 9901) signed ES256 under Kith's current key, header {@code typ: dc+sd-jwt}. The issuer
 * JWT carries {@code iss}, {@code iat}, {@code exp}, {@code vct}, {@code _sd_alg} ({@code sha-256}) and the
 * always-visible claims in the clear; every field of {@code document_data} is a separate disclosure under
 * a {@code document_data} object, so a holder can reveal, for example, only the birth date. An optional
 * holder public key goes into {@code cnf.jwk} for key binding. Thread-safe.
 */
public final class SdJwtIssuer {
  /** The issuer JWT's {@code typ}. */
  public static final JOSEObjectType TYPE = new JOSEObjectType("dc+sd-jwt");
  /** The {@code vct} of Kith verification records. */
  public static final String VCT = "urn:kith:verification-record";
  /** Registered claims that never become disclosures. */
  static final Set<String> RESERVED = Set.of(
      "iss", "iat", "exp", "nbf", "vct", "cnf", "status", "_sd", "_sd_alg", "...", "sub", "aud",
      "jti", "nonce");

  private final Supplier<SigningKeys> keys;
  private final String issuer;
  private final Duration lifetime;
  private final Clock clock;

  /** An issued SD-JWT: the full {@code jwt~d1~…~dn~} and each disclosure by field name. */
  public record Issued(String sdJwt, List<FieldDisclosure> disclosures) {}

  /** One field's disclosure (the base64url string a holder appends to reveal it). */
  public record FieldDisclosure(String name, @Nullable Object value, String disclosure) {}

  public SdJwtIssuer(Supplier<SigningKeys> keys, String issuer, Duration lifetime, Clock clock) {
    this.keys = keys;
    this.issuer = issuer;
    this.lifetime = lifetime;
    this.clock = clock;
  }

  /**
   * @param visible claims always in the clear (for example {@code schema_name}, {@code checks})
   * @param documentData the fields that become selectively disclosable
   * @param holderKey public key the holder proves possession of in a key-binding JWT, or null
   */
  public Issued issue(
      Map<String, Object> visible,
      Map<String, @Nullable Object> documentData,
      @Nullable JWK holderKey) {
    for (String name : visible.keySet()) {
      if (RESERVED.contains(name)) {
        throw new IllegalArgumentException("'" + name + "' is set by the issuer");
      }
    }
    SDObjectBuilder fields = new SDObjectBuilder();
    List<FieldDisclosure> disclosures = new ArrayList<>();
    for (Map.Entry<String, @Nullable Object> field : documentData.entrySet()) {
      Disclosure d = fields.putSDClaim(field.getKey(), field.getValue());
      disclosures.add(new FieldDisclosure(field.getKey(), field.getValue(), d.getDisclosure()));
    }
    SDObjectBuilder top = new SDObjectBuilder();
    Instant now = clock.instant();
    top.putClaim("iss", issuer);
    top.putClaim("iat", now.getEpochSecond());
    top.putClaim("exp", now.plus(lifetime).getEpochSecond());
    top.putClaim("vct", VCT);
    visible.forEach(top::putClaim);
    top.putClaim("document_data", fields.build());
    if (holderKey != null) {
      if (holderKey.isPrivate()) {
        throw new IllegalArgumentException("the holder key must be a public key");
      }
      top.putClaim(
          "cnf", Map.of("jwk", new LinkedHashMap<>(holderKey.toPublicJWK().toJSONObject())));
    }
    ECKey key = keys.get().current();
    try {
      SignedJWT jwt = new SignedJWT(
          new JWSHeader.Builder(JWSAlgorithm.ES256)
              .type(TYPE)
              .keyID(key.getKeyID())
              .build(),
          JWTClaimsSet.parse(top.build(true)));
      jwt.sign(Es256.signer(key));
      List<Disclosure> all = new ArrayList<>();
      for (FieldDisclosure d : disclosures) {
        all.add(Disclosure.parse(d.disclosure()));
      }
      return new Issued(new SDJWT(jwt.serialize(), all).toString(), List.copyOf(disclosures));
    } catch (ParseException e) {
      throw new IllegalArgumentException(
          "the record's claims cannot form a JWT: " + e.getMessage(), e);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot issue the SD-JWT", e);
    }
  }
}
