package org.kith.api.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.kith.api.profile.ProfileResponses.ProfileObjectView;
import org.kith.api.profile.ProfileResponses.RelationshipView;
import org.kith.api.web.Caller;
import org.kith.api.web.ClientRateLimiter;
import org.kith.core.FieldError;
import org.kith.core.Rejected;
import org.kith.core.account.AccountSettings;
import org.kith.core.account.Principal;
import org.kith.core.authz.Permission;
import org.kith.core.profile.NewProfileObject;
import org.kith.core.profile.ProfileChange;
import org.kith.core.profile.ProfileObject;
import org.kith.core.profile.ProfileObjectStore;
import org.kith.core.profile.ProfileService;
import org.kith.core.schema.SchemaName;
import org.kith.core.schema.SchemaService;
import org.kith.core.schema.SchemaWriters;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@code /v1/db/profile-objects}; the public reads are in {@link PublicProfileController}. */
@RestController
@SecurityRequirement(name = "bearer")
final class ProfileObjectController {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;
  private final ProfileService profiles;
  private final ObjectMapper json;
  private final Validator validator;
  private final SchemaService schemas;
  private final IdempotentCreates idempotent;
  private final ClientRateLimiter limiter;

  ProfileObjectController(
      ProfileService profiles,
      ObjectMapper json,
      Validator validator,
      SchemaService schemas,
      IdempotentCreates idempotent,
      ClientRateLimiter limiter) {
    this.profiles = profiles;
    this.json = json;
    this.validator = validator;
    this.schemas = schemas;
    this.idempotent = idempotent;
    this.limiter = limiter;
  }

  /**
   * Refuses a person's write of objects whose schema only Kith writes ({@link SchemaWriters}); administrators and
   * Kith's own paths (which do not come through here) are not refused. An unknown schema is left to validation.
   */
  private Mono<Void> writable(Principal caller, Collection<String> schemaNames) {
    if (caller.hasRole(AccountSettings.ROLE_ADMIN)) {
      return Mono.empty();
    }
    return Flux.fromIterable(new LinkedHashSet<>(schemaNames))
        .concatMap(n -> SchemaName.parse(n)
            .map(name -> schemas.get(name, null).onErrorResume(Rejected.class, e -> Mono.empty()))
            .orElse(Mono.empty()))
        .filter(s -> SchemaWriters.systemOnly(s.schema()))
        .next()
        .flatMap(s ->
            Mono.error(Rejected.forbidden("Only Kith writes " + s.name().full()
                + " objects (" + s.schema().getOrDefault("title", s.name().full())
                + "); they cannot be created or changed here")));
  }

  @PostMapping(
      path = "/v1/db/profile-objects",
      consumes = "application/json",
      produces = "application/json")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(
      summary =
          "Create one profile object or an array (at most 1,000, all or nothing); you own them. An"
              + " Idempotency-Key header makes a repeat (same key and body, 24 h) answer the first result;"
              + " schemas only Kith writes (x-kith-writer: system) are refused (403) unless you are an admin")
  Mono<List<ProfileObjectView>> create(
      Principal caller,
      @io.swagger.v3.oas.annotations.parameters.RequestBody(
              content =
                  @Content(
                      schema =
                          @Schema(
                              oneOf = {ProfileRequests.Create.class, ProfileRequests.Create[].class
                              })))
          @RequestBody
          JsonNode body,
      @RequestHeader(name = IdempotentCreates.HEADER, required = false) @Nullable String key) {
    return idempotent.once(
        caller.uId(),
        key,
        body.toString(),
        () -> Mono.fromCallable(() -> parse(body))
            .flatMap(requests -> writable(
                    caller, requests.stream().map(NewProfileObject::schema).toList())
                .then(Mono.defer(() -> profiles.create(caller.uId(), requests))))
            .map(objects -> objects.stream().map(ProfileObjectView::of).toList()));
  }

  private List<NewProfileObject> parse(JsonNode body) {
    List<JsonNode> items = new ArrayList<>();
    if (body.isArray()) {
      body.forEach(items::add);
    } else if (body.isObject()) {
      items.add(body);
    } else {
      throw Rejected.invalid("", "send a profile object or an array of them");
    }
    if (items.isEmpty() || items.size() > ProfileService.MAX_BATCH) {
      throw Rejected.invalid("", "send 1 to " + ProfileService.MAX_BATCH + " profile objects");
    }
    List<NewProfileObject> out = new ArrayList<>();
    List<FieldError> errors = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String prefix = body.isArray() ? "/" + i : "";
      ProfileRequests.Create c;
      try {
        c = json.convertValue(items.get(i), ProfileRequests.Create.class);
      } catch (IllegalArgumentException e) {
        throw Rejected.invalid(prefix, "not a profile object: check field types");
      }
      Set<ConstraintViolation<ProfileRequests.Create>> violations = validator.validate(c);
      violations.forEach(
          v -> errors.add(new FieldError(prefix + "/" + v.getPropertyPath(), v.getMessage())));
      if (violations.isEmpty()) {
        out.add(new NewProfileObject(
            c.schema(),
            c.labels() == null ? List.of() : c.labels(),
            c.properties(),
            c.document() == null ? null : document(c.document(), prefix)));
      }
    }
    if (!errors.isEmpty()) {
      throw Rejected.invalid("invalid profile objects", errors);
    }
    return out;
  }

  private static NewProfileObject.Document document(ProfileRequests.Document d, String prefix) {
    try {
      return new NewProfileObject.Document(Base64.getMimeDecoder().decode(d.content()), d.type());
    } catch (IllegalArgumentException e) {
      throw Rejected.invalid(prefix + "/document/content", "content must be base64");
    }
  }

  @GetMapping(path = "/v1/db/profile-objects/{nId}", produces = "application/json")
  @Operation(
      summary =
          "One object you may see, with (expand, the default, as the reference has it) the related objects"
              + " you may also see and the relationships between them; expand=false for the object alone")
  @ApiResponse(
      responseCode = "200",
      description = "the object; unless expand=false also related and relationships",
      content =
          @Content(
              schema =
                  @Schema(
                      anyOf = {ProfileObjectView.class, ProfileResponses.ExpandedObject.class})))
  Mono<Object> get(
      Principal caller,
      @PathVariable String nId,
      @RequestParam(defaultValue = "true") boolean expand) {
    if (!expand) {
      return profiles.get(caller.uId(), nId).map(ProfileObjectView::of);
    }
    return profiles
        .getExpanded(caller.uId(), nId)
        .map(e -> ProfileResponses.ExpandedObject.of(
            ProfileObjectView.of(e.object()),
            e.related().stream().map(ProfileObjectView::of).toList(),
            e.relationships().stream().map(RelationshipView::of).toList()));
  }

  @PutMapping(
      path = "/v1/db/profile-objects/{nId}",
      consumes = "application/json",
      produces = "application/json")
  @Operation(summary = "Replace properties (re-validated) and labels; needs EDITS")
  Mono<ProfileObjectView> update(
      Principal caller, @PathVariable String nId, @Valid @RequestBody ProfileRequests.Update body) {
    return profiles
        .get(caller.uId(), nId)
        .flatMap(o -> writable(caller, List.of(o.schema())))
        .then(
            Mono.defer(() -> profiles.update(caller.uId(), nId, body.labels(), body.properties())))
        .map(ProfileObjectView::of);
  }

  @PutMapping(
      path = "/v1/db/profile-objects",
      consumes = "application/json",
      produces = "application/json")
  @Operation(
      summary =
          "Update up to 100 objects at once, all or none: [{n_id, labels?, params}] with params the new"
              + " properties; each needs EDITS and is re-validated, every error is reported at once")
  Mono<List<ProfileObjectView>> updateAll(
      Principal caller, @RequestBody List<ProfileRequests.@Nullable BulkUpdate> body) {
    return Mono.fromCallable(() -> changes(body))
        .flatMap(changes -> Flux.fromIterable(changes)
            .concatMap(c -> profiles.get(caller.uId(), c.nId()).map(ProfileObject::schema))
            .collectList()
            .flatMap(names -> writable(caller, names))
            .then(Mono.defer(() -> profiles.updateAll(caller.uId(), changes))))
        .map(objects -> objects.stream().map(ProfileObjectView::of).toList());
  }

  private List<ProfileChange> changes(List<ProfileRequests.@Nullable BulkUpdate> body) {
    if (body.isEmpty() || body.size() > ProfileService.MAX_BULK_UPDATE) {
      throw Rejected.invalid(
          "", "send 1 to " + ProfileService.MAX_BULK_UPDATE + " objects to update");
    }
    List<ProfileChange> out = new ArrayList<>();
    List<FieldError> errors = new ArrayList<>();
    for (int i = 0; i < body.size(); i++) {
      ProfileRequests.BulkUpdate u = body.get(i);
      if (u == null) {
        errors.add(new FieldError("/" + i, "an object {n_id, labels?, params}"));
        continue;
      }
      String prefix = "/" + i;
      validator
          .validate(u)
          .forEach(
              v -> errors.add(new FieldError(prefix + "/" + v.getPropertyPath(), v.getMessage())));
      Map<String, Object> props = u.newProperties();
      if (props == null) {
        errors.add(new FieldError(prefix + "/params", "the new properties are required"));
      } else if (errors.isEmpty()) {
        out.add(new ProfileChange(u.nId(), u.labels(), props));
      }
    }
    if (!errors.isEmpty()) {
      throw Rejected.invalid("invalid update; nothing changed", errors);
    }
    return out;
  }

  @DeleteMapping("/v1/db/profile-objects/{nId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "Delete with its grants and relationships; needs ADMINS")
  Mono<Void> delete(Principal caller, @PathVariable String nId) {
    return profiles.delete(caller.uId(), nId);
  }

  @GetMapping(path = "/v1/db/profile-objects/{nId}/content", produces = "application/json")
  Mono<ProfileResponses.Content> content(Principal caller, @PathVariable String nId) {
    return profiles.content(caller.uId(), nId).map(c -> new ProfileResponses.Content(nId, c));
  }

  @PostMapping(
      path = "/v1/db/profile-objects/read",
      consumes = "application/json",
      produces = "application/json")
  @Operation(
      summary =
          "What the caller may see, filtered by ids, labels and permissions; paginated. Without a"
              + " token: the objects the PUBLIC group may view, limited per client address")
  Mono<ProfileResponses.Page> read(
      Caller caller, ServerWebExchange exchange, @Valid @RequestBody ProfileRequests.Read body) {
    Mono<Void> limited = Mono.empty();
    if (caller.anonymous()) {
      // a larger page or more selectors cost more, as a larger batch does on the check routes
      int selectors = body.profileObjects() == null ? 0 : body.profileObjects().size();
      int size = body.limit() == null ? DEFAULT_LIMIT : Math.max(0, body.limit());
      limited = limiter.acquire(exchange, 1 + size / 100 + selectors / 100);
    }
    List<String> ids = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    if (body.profileObjects() != null) {
      body.profileObjects().forEach(s -> {
        if (s.nId() != null) {
          ids.add(s.nId());
        }
        if (s.label() != null) {
          labels.add(s.label());
        }
      });
    }
    return limited.then(Mono.defer(() -> page(
        caller.uId(), ids, labels, body.permissions(), body.limit(), body.cursor(), null, false)));
  }

  @GetMapping(path = "/v1/db/profile-objects", produces = "application/json")
  Mono<ProfileResponses.Page> list(
      Principal caller,
      @RequestParam(required = false) @Nullable List<String> label,
      @RequestParam(required = false) @Nullable List<String> permissions,
      @RequestParam(required = false) @Nullable String format,
      @RequestParam(name = "format_map", required = false) @Nullable String formatMap,
      @RequestParam(required = false) @Nullable Integer limit,
      @RequestParam(required = false) @Nullable String cursor) {
    Map<String, String> map = formatMap == null ? null : parseFormatMap(formatMap);
    return page(
        caller.uId(),
        List.of(),
        label == null ? List.of() : label,
        permissions,
        limit,
        cursor,
        map,
        "kvp".equals(format));
  }

  private Map<String, String> parseFormatMap(String formatMap) {
    try {
      Map<String, String> m = new LinkedHashMap<>();
      json.readTree(formatMap).properties().forEach(e -> {
        if (!e.getValue().isTextual()) {
          throw new IllegalArgumentException();
        }
        m.put(e.getKey(), e.getValue().asText());
      });
      return m;
    } catch (Exception e) {
      throw Rejected.invalid(
          "format_map", "format_map must be a JSON object of output name to property name");
    }
  }

  private Mono<ProfileResponses.Page> page(
      @Nullable String uId,
      List<String> ids,
      List<String> labels,
      @Nullable List<String> permissions,
      @Nullable Integer limit,
      @Nullable String cursor,
      @Nullable Map<String, String> formatMap,
      boolean kvp) {
    int size = limit == null ? DEFAULT_LIMIT : limit;
    if (size < 1 || size > MAX_LIMIT) {
      return Mono.error(Rejected.invalid("limit", "limit must be 1 to " + MAX_LIMIT));
    }
    if (ids.size() > MAX_LIMIT || labels.size() > 100) {
      return Mono.error(Rejected.invalid("profile_objects", "too many selectors"));
    }
    List<Permission> perms = new ArrayList<>();
    for (String p : permissions == null ? List.<String>of() : permissions) {
      perms.add(Permission.parse(p)
          .orElseThrow(() ->
              Rejected.invalid("permissions", "permissions are IS_OWNER, ADMINS, EDITS, VIEWS")));
    }
    return profiles
        .read(uId, new ProfileObjectStore.VisibleQuery(ids, labels, perms, cursor, size))
        .map(page -> new ProfileResponses.Page(
            page.objects().stream()
                .map(v -> ProfileObjectView.of(v.object(), v.permission(), formatMap, kvp))
                .toList(),
            page.relationships().stream().map(RelationshipView::of).toList(),
            page.nextCursor()));
  }
}
