package org.kith.api.auth;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.kith.crypto.keys.SigningKeyRing;
import org.kith.crypto.keys.SigningKeys;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /.well-known/jwks.json}: the public halves of Kith's signing keys (current and retired). The document is
 * encoded once per key set (the ring hands out a new {@link SigningKeys} on every rotation, removal or reload)
 * and served as those bytes, with a strong ETag so a cache can revalidate it with {@code If-None-Match} (304).
 */
@RestController
final class JwksController {
  private static final CacheControl CACHE =
      CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic();

  private final SigningKeyRing keys;
  private final AtomicReference<Encoded> encoded = new AtomicReference<>();

  /** The JWK set of one key set, as sent. */
  private record Encoded(SigningKeys of, byte[] body, String etag) {}

  JwksController(SigningKeyRing keys) {
    this.keys = keys;
  }

  @GetMapping(
      path = "/.well-known/jwks.json",
      produces = {"application/jwk-set+json", "application/json"})
  @Operation(operationId = "jwksGet", summary = "Public signing keys")
  @io.swagger.v3.oas.annotations.responses.ApiResponse(
      responseCode = "200",
      description = "the JWK set",
      content =
          @io.swagger.v3.oas.annotations.media.Content(
              mediaType = "application/jwk-set+json",
              schema = @Schema(implementation = JwkSet.class)))
  ResponseEntity<byte[]> jwks(
      @RequestHeader(name = "If-None-Match", required = false) String ifNoneMatch) {
    Encoded e = current();
    if (ifNoneMatch != null && matches(ifNoneMatch, e.etag())) {
      return ResponseEntity.status(HttpStatus.NOT_MODIFIED)
          .eTag(e.etag())
          .cacheControl(CACHE)
          .build();
    }
    return ResponseEntity.ok().eTag(e.etag()).cacheControl(CACHE).body(e.body());
  }

  private Encoded current() {
    SigningKeys now = keys.keys();
    Encoded e = encoded.get();
    if (e != null && e.of() == now) {
      return e;
    }
    // Encoded outside any lock: two requests racing after a rotation both encode the same set,
    // harmlessly.
    byte[] body = now.publicSet().toString(true).getBytes(StandardCharsets.UTF_8);
    Encoded fresh = new Encoded(now, body, "\"" + sha256(body) + "\"");
    encoded.set(fresh);
    return fresh;
  }

  /** RFC 9110 section 13.1.2: a list of entity tags or {@code *}, compared weakly. */
  static boolean matches(String ifNoneMatch, String etag) {
    for (String tag : ifNoneMatch.split(",", -1)) {
      String t = tag.strip();
      if (t.equals("*") || t.equals(etag) || t.equals("W/" + etag)) {
        return true;
      }
    }
    return false;
  }

  private static String sha256(byte[] body) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /** A JWK Set (RFC 7517 section 5): the public keys, each a JWK object. */
  record JwkSet(
      @Schema(description = "public JWKs (RFC 7517)") List<Map<String, Object>> keys) {}
}
