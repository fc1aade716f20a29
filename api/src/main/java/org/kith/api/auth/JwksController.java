package org.kith.api.auth;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.kith.crypto.keys.SigningKeyRing;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /.well-known/jwks.json}: the public halves of Kith's signing keys (current and retired). */
@RestController
final class JwksController {
  private final SigningKeyRing keys;

  JwksController(SigningKeyRing keys) {
    this.keys = keys;
  }

  @GetMapping(
      path = "/.well-known/jwks.json",
      produces = {"application/jwk-set+json", "application/json"})
  @Operation(operationId = "jwksGet", summary = "Public signing keys")
  ResponseEntity<JwkSet> jwks() {
    return ResponseEntity.ok()
        .cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic())
        .body(new JwkSet(keys.keys().publicSet().getKeys().stream()
            .map(k -> k.toPublicJWK().toJSONObject())
            .toList()));
  }

  /** A JWK Set (RFC 7517 section 5): the public keys, each a JWK object. */
  record JwkSet(
      @Schema(description = "public JWKs (RFC 7517)") List<Map<String, Object>> keys) {}
}
