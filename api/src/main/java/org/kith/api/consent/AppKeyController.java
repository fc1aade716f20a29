package org.kith.api.consent;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.kith.core.account.Principal;
import org.kith.core.consent.AppKeyService;
import org.kith.core.consent.AppPublicKey;
import org.kith.core.consent.WrappedKey;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Application public keys and the wrapped private-key copies of {@code /v1/aa}. */
@RestController
@SecurityRequirement(name = "bearer")
final class AppKeyController {
  private final AppKeyService keys;

  AppKeyController(AppKeyService keys) {
    this.keys = keys;
  }

  record AddKey(@Nullable Object key, @Nullable Boolean isDefault) {}

  record StoreWrapped(@Nullable Object key, @Nullable String uId) {}

  @GetMapping(path = "/v1/aa/applications/{aId}/public-key", produces = "application/json")
  @Operation(summary = "The application's default public key (any signed-in user: needed to encrypt for it)")
  Mono<Map<String, Object>> defaultKey(Principal caller, @PathVariable String aId) {
    return keys.defaultKey(aId).map(AppKeyController::view);
  }

  @PostMapping(path = "/v1/aa/applications/{aId}/public-keys", produces = "application/json")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Add a public key (application admins): RSA ≥ 2048 bits, alg RSA-OAEP-512, key_ops wrapKey")
  Mono<Map<String, Object>> add(Principal caller, @PathVariable String aId, @RequestBody AddKey body) {
    return keys.addPublicKey(caller.uId(), aId, body.key(), Boolean.TRUE.equals(body.isDefault()))
        .map(AppKeyController::view);
  }

  @GetMapping(path = "/v1/aa/public-keys/{nId}", produces = "application/json")
  @Operation(summary = "One public key")
  Mono<Map<String, Object>> one(Principal caller, @PathVariable String nId) {
    return keys.publicKey(nId).map(AppKeyController::view);
  }

  @PostMapping(path = "/v1/aa/public-keys/{nId}/private-keys", produces = "application/json")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Store a wrapped private key for me or (application admin) another user; replaces theirs")
  Mono<Map<String, Object>> storeWrapped(Principal caller, @PathVariable String nId, @RequestBody StoreWrapped body) {
    return keys.storePrivateKey(caller.uId(), nId, body.key(), body.uId()).map(AppKeyController::view);
  }

  @GetMapping(path = "/v1/aa/public-keys/{nId}/private-key", produces = "application/json")
  @Operation(summary = "My wrapped copy of the key's private half (the server cannot unwrap it)")
  Mono<Map<String, Object>> myWrapped(Principal caller, @PathVariable String nId) {
    return keys.myPrivateKey(caller.uId(), nId).map(AppKeyController::view);
  }

  @GetMapping(path = "/v1/aa/public-keys/{nId}/users", produces = "application/json")
  @Operation(summary = "Users holding a wrapped copy (application admins)")
  Mono<List<String>> holders(Principal caller, @PathVariable String nId) {
    return keys.holders(caller.uId(), nId).collectList();
  }

  static Map<String, Object> view(AppPublicKey k) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("key", k.jwk());
    properties.put("a_id", k.aId());
    properties.put("thumbprint", k.thumbprint());
    properties.put("is_default", k.isDefault());
    properties.put("created_at", k.createdAt().toString());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("n_id", k.nId());
    m.put("properties", properties);
    return m;
  }

  static Map<String, Object> view(WrappedKey w) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("n_id", w.pkId());
    m.put("u_id", w.uId());
    m.put("key", w.key());
    m.put("stored_by", w.storedBy());
    m.put("created_at", w.createdAt().toString());
    return m;
  }
}
