package org.kith.api.consent;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.kith.core.account.Principal;
import org.kith.core.consent.ScopeService;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code /v1/aa/scopes} and {@code /v1/aa/resource-servers}. */
@RestController
@SecurityRequirement(name = "bearer")
final class ScopeController {
  private final ScopeService scopes;

  ScopeController(ScopeService scopes) {
    this.scopes = scopes;
  }

  record ScopesRequest(
      @Nullable String resourceServer,
      @Nullable String name,
      @Nullable List<Map<String, Object>> scopes) {}

  @GetMapping(path = "/v1/aa/resource-servers", produces = "application/json")
  @Operation(operationId = "resourceServerList")
  Mono<List<ConsentResponses.ResourceServerView>> servers(Principal caller) {
    return scopes.resourceServers().map(ConsentResponses.ResourceServerView::of).collectList();
  }

  @GetMapping(path = "/v1/aa/scopes", produces = "application/json")
  @Operation(operationId = "scopeList", summary = "Scopes, of one resource server or of all")
  Mono<List<ConsentResponses.ScopeView>> list(
      Principal caller,
      @RequestParam(name = "resource_server", required = false) @Nullable String server) {
    return scopes
        .resourceServers()
        .filter(r -> server == null || r.identifier().equals(server))
        .flatMapIterable(r ->
            r.scopes().stream().map(s -> ConsentResponses.ScopeView.of(r, s)).toList())
        .collectList();
  }

  @PutMapping(path = "/v1/aa/scopes", consumes = "application/json", produces = "application/json")
  @Operation(
      operationId = "scopeDefine",
      summary = "Define a resource server's scopes (platform admins)")
  Mono<ConsentResponses.ResourceServerView> define(
      Principal caller, @RequestBody ScopesRequest body) {
    return scopes
        .define(
            caller.uId(),
            caller.hasRole("admin"),
            body.resourceServer(),
            body.name(),
            body.scopes())
        .map(ConsentResponses.ResourceServerView::of);
  }
}
