package org.kith.api.consent;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.kith.core.Rejected;
import org.kith.core.account.Principal;
import org.kith.core.consent.AccessApplication;
import org.kith.core.consent.ApplicationService;
import org.kith.core.consent.NewApplication;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code /v1/aa/applications} and {@code /v1/aa/users/{u_id}/applications}. */
@RestController
@SecurityRequirement(name = "bearer")
final class ApplicationController {
  private final ApplicationService apps;

  ApplicationController(ApplicationService apps) {
    this.apps = apps;
  }

  /** The body of create and update. */
  record ApplicationRequest(@Nullable String name, @Nullable String description, @Nullable List<String> scopes,
      @Nullable List<String> callbackUri, @Nullable String logoutUri, @Nullable String picture,
      @Nullable List<Object> transitions, @Nullable List<String> tags, @Nullable Map<String, Object> theme,
      @Nullable Boolean generateSecret) {
    NewApplication toNew() {
      return new NewApplication(name, description, scopes, callbackUri, logoutUri, picture, transitions, tags, theme,
          Boolean.TRUE.equals(generateSecret));
    }
  }

  @PostMapping(path = "/v1/aa/applications", consumes = "application/json", produces = "application/json")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Create an access application; you administer it. The secret is shown only in this answer")
  Mono<Map<String, Object>> create(Principal caller, @RequestBody ApplicationRequest body) {
    return apps.create(caller.uId(), body.toNew()).map(c -> {
      Map<String, Object> m = view(c.app());
      if (c.secret() != null) {
        m.put("secret", c.secret());
      }
      return m;
    });
  }

  @GetMapping(path = "/v1/aa/applications", produces = "application/json")
  @Operation(summary = "Applications you administer")
  Mono<List<Map<String, Object>>> mine(Principal caller) {
    return apps.administeredBy(caller.uId()).map(ApplicationController::view).collectList();
  }

  @GetMapping(path = "/v1/aa/users/{uId}/applications", produces = "application/json")
  @Operation(summary = "Applications a user administers (yourself, or anyone for platform admins)")
  Mono<List<Map<String, Object>>> of(Principal caller, @PathVariable String uId) {
    if (!uId.equals(caller.uId()) && !caller.hasRole("admin")) {
      return Mono.error(Rejected.notFound("no such user"));
    }
    return apps.administeredBy(uId).map(ApplicationController::view).collectList();
  }

  @GetMapping(path = "/v1/aa/applications/{aId}", produces = "application/json")
  Mono<Map<String, Object>> get(Principal caller, @PathVariable String aId) {
    return apps.get(caller.uId(), aId).map(ApplicationController::view);
  }

  @PutMapping(path = "/v1/aa/applications/{aId}", consumes = "application/json", produces = "application/json")
  Mono<Map<String, Object>> update(Principal caller, @PathVariable String aId, @RequestBody ApplicationRequest body) {
    return apps.update(caller.uId(), aId, body.toNew()).map(ApplicationController::view);
  }

  @DeleteMapping(path = "/v1/aa/applications/{aId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  Mono<Void> delete(Principal caller, @PathVariable String aId) {
    return apps.delete(caller.uId(), aId);
  }

  static Map<String, Object> view(AccessApplication a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("a_id", a.aId());
    m.put("name", a.name());
    m.put("description", a.description());
    m.put("scopes", a.scopes());
    m.put("callback_uri", a.callbackUris());
    m.put("logout_uri", a.logoutUri());
    m.put("picture", a.picture());
    m.put("transitions", a.transitions());
    m.put("tags", a.tags());
    m.put("theme", a.theme());
    m.put("key", a.key());
    m.put("created_at", a.createdAt().toString());
    return m;
  }
}
