package org.kith.api.consent;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.kith.api.consent.ConsentResponses.PublicKeyView;
import org.kith.api.consent.ConsentResponses.WrappedKeyView;
import org.kith.core.account.Principal;
import org.kith.core.consent.AppKeyService;
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
  @Operation(
      operationId = "appKeyGetDefault",
      summary =
          "The application's default public key (any signed-in user: needed to encrypt for it)")
  Mono<PublicKeyView> defaultKey(Principal caller, @PathVariable String aId) {
    return keys.defaultKey(aId).map(PublicKeyView::of);
  }

  @PostMapping(path = "/v1/aa/applications/{aId}/public-keys", produces = "application/json")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(
      summary =
          "Add a public key (application admins): RSA ≥ 2048 bits, alg RSA-OAEP-512, key_ops wrapKey")
  Mono<PublicKeyView> add(Principal caller, @PathVariable String aId, @RequestBody AddKey body) {
    return keys.addPublicKey(caller.uId(), aId, body.key(), Boolean.TRUE.equals(body.isDefault()))
        .map(PublicKeyView::of);
  }

  @GetMapping(path = "/v1/aa/public-keys/{nId}", produces = "application/json")
  @Operation(operationId = "appKeyGet", summary = "One public key")
  Mono<PublicKeyView> one(Principal caller, @PathVariable String nId) {
    return keys.publicKey(nId).map(PublicKeyView::of);
  }

  @PostMapping(path = "/v1/aa/public-keys/{nId}/private-keys", produces = "application/json")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(
      summary =
          "Store a wrapped private key for me or (application admin) another user; replaces theirs")
  Mono<WrappedKeyView> storeWrapped(
      Principal caller, @PathVariable String nId, @RequestBody StoreWrapped body) {
    return keys.storePrivateKey(caller.uId(), nId, body.key(), body.uId()).map(WrappedKeyView::of);
  }

  @GetMapping(path = "/v1/aa/public-keys/{nId}/private-key", produces = "application/json")
  @Operation(
      operationId = "appKeyGetMyWrapped",
      summary = "My wrapped copy of the key's private half (the server cannot unwrap it)")
  Mono<WrappedKeyView> myWrapped(Principal caller, @PathVariable String nId) {
    return keys.myPrivateKey(caller.uId(), nId).map(WrappedKeyView::of);
  }

  @GetMapping(path = "/v1/aa/public-keys/{nId}/users", produces = "application/json")
  @Operation(
      operationId = "appKeyListHolders",
      summary = "Users holding a wrapped copy (application admins)")
  Mono<List<String>> holders(Principal caller, @PathVariable String nId) {
    return keys.holders(caller.uId(), nId).collectList();
  }
}
