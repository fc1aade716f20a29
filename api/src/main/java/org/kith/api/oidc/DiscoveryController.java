package org.kith.api.oidc;

import io.swagger.v3.oas.annotations.Hidden;
import java.time.Duration;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /.well-known/openid-configuration}: OpenID Connect Discovery (specified there, so not in /v3/api-docs). */
@Hidden
@RestController
final class DiscoveryController {
  private final ProviderEndpoints endpoints;

  DiscoveryController(ProviderEndpoints endpoints) {
    this.endpoints = endpoints;
  }

  @GetMapping(path = "/.well-known/openid-configuration", produces = "application/json")
  ResponseEntity<Map<String, Object>> configuration() {
    return ResponseEntity.ok()
        .cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic())
        .body(endpoints.metadata());
  }
}
