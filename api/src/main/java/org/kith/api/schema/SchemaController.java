package org.kith.api.schema;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.kith.api.paging.Paging;
import org.kith.core.Rejected;
import org.kith.core.account.Principal;
import org.kith.core.schema.SchemaName;
import org.kith.core.schema.SchemaService;
import org.kith.core.schema.SchemaStore;
import org.kith.core.schema.SchemaType;
import org.kith.core.schema.SchemaWriters;
import org.kith.core.schema.StoredSchema;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@code /v1/db/schemas}: versions, listing, bundling ({@code expand}) and validation. */
@RestController
@SecurityRequirement(name = "bearer")
public final class SchemaController {
  private final SchemaService schemas;

  SchemaController(SchemaService schemas) {
    this.schemas = schemas;
  }

  record Create(
      @NotBlank @Size(max = 110) String name,
      @NotBlank String type,
      @NotNull Map<String, Object> schema) {}

  record Update(@NotNull Map<String, Object> schema) {}

  static SchemaType type(String wire) {
    return SchemaType.fromWire(wire)
        .orElseThrow(() -> Rejected.invalid("type", "type must be ps, us or ss"));
  }

  static SchemaName name(String type, String id) {
    SchemaType t = type(type);
    String bare = id.startsWith(t.wire() + "_") ? id.substring(t.wire().length() + 1) : id;
    if (!SchemaName.validId(bare)) {
      throw Rejected.invalid(
          "name", "schema IDs are letters, digits and _, starting with a letter");
    }
    return new SchemaName(t, bare);
  }

  /**
   * A stored schema version; {@code schema} is the JSON Schema document itself; {@code writer} says who writes its
   * objects: {@code person}, or {@code system} (only Kith, see {@link SchemaWriters}).
   */
  public record SchemaView(
      String name,
      String schemaType,
      String schemaId,
      int version,
      boolean current,
      String createdAt,
      String writer,
      Map<String, Object> schema) {}

  /** A list of schemas. */
  public record SchemaList(
      List<SchemaView> schemas,

      @com.fasterxml.jackson.annotation.JsonInclude(
          com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
      @Nullable
      String nextCursor) {
    public SchemaList(List<SchemaView> schemas) {
      this(schemas, null);
    }
  }

  /** One validation error: where (JSON Pointer) and what. */
  record ValidationError(String path, String message) {}

  /** The verdict on a document. */
  record Validation(boolean valid, String message, List<ValidationError> errors) {}

  public static SchemaView view(StoredSchema s, Map<String, Object> schema) {
    return new SchemaView(
        s.name().full(),
        s.name().type().wire(),
        s.name().id(),
        s.version(),
        s.current(),
        s.createdAt().toString(),
        SchemaWriters.writer(s.schema()),
        schema);
  }

  private Mono<SchemaView> render(StoredSchema s, boolean expand) {
    return expand ? schemas.expand(s).map(x -> view(s, x)) : Mono.just(view(s, s.schema()));
  }

  @PostMapping(
      path = "/v1/db/schemas",
      consumes = "application/json",
      produces = "application/json")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Create a schema (version 1) or its next version")
  Mono<SchemaView> create(Principal caller, @Valid @RequestBody Create body) {
    return Mono.fromCallable(() -> name(body.type(), body.name()))
        .flatMap(n -> schemas.addVersion(caller, n, body.schema()))
        .flatMap(s -> render(s, false));
  }

  /**
   * Schemas by name (then version), in pages of {@code limit} (at most 1,000): the next page's cursor is in {@code
   * next_cursor} and {@code Link rel=next}.
   */
  @GetMapping(path = "/v1/db/schemas", produces = "application/json")
  Mono<ResponseEntity<SchemaList>> list(
      Principal caller,
      org.springframework.http.server.reactive.ServerHttpRequest request,
      @RequestParam(name = "schema_type", defaultValue = "all") String type,
      @RequestParam(defaultValue = "false") boolean expand,
      @RequestParam(name = "version_current", defaultValue = "true") boolean currentOnly,
      @RequestParam(required = false) @Nullable Integer limit,
      @RequestParam(required = false) @Nullable String cursor) {
    int size = Paging.size(limit);
    return Mono.fromCallable(
            () -> new ListQuery("all".equals(type) ? null : type(type), after(cursor)))
        .flatMap(q -> schemas.list(q.type(), currentOnly, q.after(), size + 1).collectList())
        .flatMap(fetched -> {
          Paging.Next next = Paging.next(
              request, fetched, size, s -> List.of(s.name().full(), Integer.toString(s.version())));
          return Flux.fromIterable(fetched.subList(0, Math.min(size, fetched.size())))
              .concatMap(s -> render(s, expand))
              .collectList()
              .map(views -> {
                SchemaList body = new SchemaList(views, next == null ? null : next.cursor());
                return next == null
                    ? ResponseEntity.ok(body)
                    : ResponseEntity.ok().headers(next.headers()).body(body);
              });
        });
  }

  private record ListQuery(@Nullable SchemaType type, SchemaStore.@Nullable After after) {}

  private static SchemaStore.@Nullable After after(@Nullable String cursor) {
    return Paging.position(
        cursor, 2, p -> new SchemaStore.After(p.get(0), Integer.parseInt(p.get(1))));
  }

  /** One schema, bundled (its references inlined) unless {@code expand=false}, as the reference has it. */
  @GetMapping(path = "/v1/db/schemas/{type}/{id}", produces = "application/json")
  Mono<SchemaView> get(
      Principal caller,
      @PathVariable String type,
      @PathVariable String id,
      @RequestParam(required = false) @Nullable Integer version,
      @RequestParam(defaultValue = "true") boolean expand) {
    return Mono.fromCallable(() -> name(type, id))
        .flatMap(n -> schemas.get(n, version))
        .flatMap(s -> render(s, expand));
  }

  @PutMapping(
      path = "/v1/db/schemas/{type}/{id}",
      consumes = "application/json",
      produces = "application/json")
  @Operation(summary = "Update a schema: stores the next version")
  Mono<SchemaView> update(
      Principal caller,
      @PathVariable String type,
      @PathVariable String id,
      @Valid @RequestBody Update body) {
    return Mono.fromCallable(() -> name(type, id))
        .flatMap(n -> schemas.get(n, null).then(schemas.addVersion(caller, n, body.schema())))
        .flatMap(s -> render(s, false));
  }

  @PostMapping(
      path = "/v1/db/schemas/{type}/{id}/validate",
      consumes = "application/json",
      produces = "application/json")
  @Operation(summary = "Validate any JSON against the schema's current version")
  Mono<Validation> validate(
      Principal caller,
      @PathVariable String type,
      @PathVariable String id,
      @RequestBody(required = false) @Nullable Object document) {
    // an empty body or a literal null both mean the JSON document null
    return Mono.fromCallable(() -> name(type, id))
        .flatMap(n -> schemas.validate(
            n,
            document == null
                ? com.fasterxml.jackson.databind.node.NullNode.getInstance()
                : document))
        .map(v -> new Validation(
            v.valid(),
            v.message(),
            v.errors().stream()
                .map(e -> new ValidationError(e.path(), e.message()))
                .toList()));
  }
}
