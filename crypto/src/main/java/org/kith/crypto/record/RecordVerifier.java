package org.kith.crypto.record;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.kith.crypto.keys.Es256;

/**
 * Verifies verification records (data + detached JWS) against a JWK set. Strict: the signature must be
 * exactly {@code header..signature}; the header must carry {@code alg} ES256, a {@code kid} of the set,
 * the record {@code typ}, and nothing that would change how it is verified ({@code crit}, {@code b64},
 * embedded or referenced keys such as {@code jwk}, {@code jku}, {@code x5u}, {@code x5c} are refused, so no key
 * but the set's is ever used). Anything malformed is simply "not verified", never an exception. Thread-safe.
 *
 * <p>For relying parties: {@link #fromJwksFile(Path)} and {@link #fromJwksUrl(URL)} need nothing else of Kith.
 */
public final class RecordVerifier {
  /** Longest signature accepted (a P-256 header with kid and typ is about 150 characters). */
  public static final int MAX_SIGNATURE_LENGTH = 2_048;

  private static final Pattern DETACHED =
      Pattern.compile("[A-Za-z0-9_-]{1,1900}\\.\\.[A-Za-z0-9_-]{86}");
  private static final Set<String> ALLOWED_HEADER = Set.of("alg", "kid", "typ");

  private final JWKSource<SecurityContext> keys;
  private final Cache<JWK, ECDSAVerifier> verifiers =
      Caffeine.newBuilder().maximumSize(64).build();

  public RecordVerifier(JWKSource<SecurityContext> keys) {
    this.keys = keys;
  }

  /** A verifier over a fixed key set. */
  public static RecordVerifier of(JWKSet keys) {
    JWKSet publicKeys = keys.toPublicJWKSet();
    return new RecordVerifier((selector, context) -> selector.select(publicKeys));
  }

  /** A verifier over a {@code jwks.json} file (read once). */
  public static RecordVerifier fromJwksFile(Path file) throws IOException, ParseException {
    return of(JWKSet.parse(Files.readString(file, StandardCharsets.UTF_8)));
  }

  /**
   * A verifier over a published JWK set such as {@code https://kith.example/.well-known/jwks.json}: fetched
   * on first use, cached, refreshed when an unknown {@code kid} appears (at most once per 30 s, nimbus's
   * defaults), so a key rotation at the issuer needs no restart here.
   */
  public static RecordVerifier fromJwksUrl(URL jwks) {
    return new RecordVerifier(JWKSourceBuilder.create(jwks).retrying(true).build());
  }

  /** Whether {@code signature} is a valid record signature over the canonical JSON of {@code data}. */
  public boolean verify(@Nullable Object data, @Nullable String signature) {
    byte[] canonical;
    try {
      canonical = CanonicalJson.of(data);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return verifyCanonical(canonical, signature);
  }

  /** Whether {@code signature} is a valid record signature over the canonical form of JSON text. */
  public boolean verifyJson(String dataJson, @Nullable String signature) {
    byte[] canonical;
    try {
      canonical = CanonicalJson.ofJson(dataJson);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return verifyCanonical(canonical, signature);
  }

  /** The kid a well-formed signature names, if any (for reporting which key signed). */
  public static Optional<String> keyId(@Nullable String signature) {
    return header(signature).map(JWSHeader::getKeyID);
  }

  private boolean verifyCanonical(byte[] canonical, @Nullable String signature) {
    Optional<JWSHeader> parsedHeader = header(signature);
    if (parsedHeader.isEmpty()) {
      return false;
    }
    JWSHeader header = parsedHeader.get();
    if (!JWSAlgorithm.ES256.equals(header.getAlgorithm())
        || header.getKeyID() == null
        || !Es256RecordSigner.TYPE.equals(header.getType())
        || !ALLOWED_HEADER.containsAll(header.getIncludedParams())) {
      return false;
    }
    Optional<ECKey> key = key(header.getKeyID());
    if (key.isEmpty()) {
      return false;
    }
    try {
      JWSObject jws = JWSObject.parse(signature, new Payload(canonical));
      ECDSAVerifier verifier = verifiers.get(key.get(), k -> {
        try {
          return Es256.verifier(key.get());
        } catch (JOSEException e) {
          throw new IllegalArgumentException(e);
        }
      });
      return jws.verify(verifier);
    } catch (ParseException | JOSEException | IllegalArgumentException | IllegalStateException e) {
      return false;
    }
  }

  private static Optional<JWSHeader> header(@Nullable String signature) {
    if (signature == null
        || signature.length() > MAX_SIGNATURE_LENGTH
        || !DETACHED.matcher(signature).matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(JWSHeader.parse(
          new com.nimbusds.jose.util.Base64URL(signature.substring(0, signature.indexOf('.')))));
    } catch (ParseException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private Optional<ECKey> key(String kid) {
    JWKSelector selector = new JWKSelector(new JWKMatcher.Builder()
        .keyID(kid)
        .keyType(KeyType.EC)
        .curve(Curve.P_256)
        .keyUses(KeyUse.SIGNATURE, null)
        .build());
    try {
      List<JWK> found = keys.get(selector, null);
      return found.size() == 1 ? Optional.of(found.get(0).toECKey()) : Optional.empty();
    } catch (KeySourceException e) {
      return Optional.empty();
    }
  }
}
