package org.kith.api.published;

import io.swagger.v3.oas.annotations.Operation;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.kith.api.schema.SchemaController;
import org.kith.api.web.ClientRateLimiter;
import org.kith.api.web.PublicCaching;
import org.kith.core.Rejected;
import org.kith.core.schema.SchemaName;
import org.kith.core.schema.SchemaService;
import org.kith.core.schema.SchemaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code /v1/public/schemas}: the schemas Kith's administrators publish ({@code ss} system and {@code ps}
 * platform schemas), readable without a token, so a relying party or a form builder can fetch the schema an
 * object names. A person's own {@code us} schemas are not public: they answer like an unknown schema. Limited per
 * client address like the other unauthenticated routes; answers carry an ETag and may be cached for minutes.
 */
@RestController
final class PublicSchemaController {
  private final SchemaService schemas;
  private final ClientRateLimiter limiter;
  private final PublicCaching caching;

  PublicSchemaController(SchemaService schemas, ClientRateLimiter limiter, PublicCaching caching) {
    this.schemas = schemas;
    this.limiter = limiter;
    this.caching = caching;
  }

  /** Whether schemas of this type are published to everyone. */
  static boolean published(SchemaType type) {
    return type.adminOnly();
  }

  @GetMapping(path = "/v1/public/schemas", produces = "application/json")
  @Operation(
      operationId = "schemaPublicList",
      summary =
          "The published schemas (ss, or all: ss and ps), current versions; no authentication")
  Mono<ResponseEntity<SchemaController.SchemaList>> list(
      ServerWebExchange exchange,
      @RequestParam(name = "schema_type", defaultValue = "ss") String type,
      @RequestParam(defaultValue = "false") boolean expand) {
    return limiter.acquire(exchange, 1).then(Mono.defer(() -> {
      List<SchemaType> types = "all".equals(type)
          ? Arrays.stream(SchemaType.values())
              .filter(PublicSchemaController::published)
              .toList()
          : List.of(SchemaType.fromWire(type)
              .filter(PublicSchemaController::published)
              .orElseThrow(() -> Rejected.invalid(
                  "schema_type", "schema_type is ss, ps or all (user schemas are not public)")));
      // each published type listed on its own: user schemas are never read for an anonymous caller
      return Flux.fromIterable(types)
          .concatMap(t -> schemas.list(t, true))
          .concatMap(s -> expand
              ? schemas.expand(s).map(x -> SchemaController.view(s, x))
              : Mono.just(SchemaController.view(s, s.schema())))
          .collectList()
          .map(l -> caching.ok(new SchemaController.SchemaList(l), PublicCaching.SHARED));
    }));
  }

  @GetMapping(path = "/v1/public/schemas/{type}/{id}", produces = "application/json")
  @Operation(
      operationId = "schemaPublicGet",
      summary = "A published schema, bundled with the schemas it references unless expand=false;"
          + " no authentication")
  Mono<ResponseEntity<SchemaController.SchemaView>> get(
      ServerWebExchange exchange,
      @PathVariable String type,
      @PathVariable String id,
      @RequestParam(required = false) @Nullable Integer version,
      @RequestParam(defaultValue = "true") boolean expand) {
    return limiter
        .acquire(exchange, 1)
        .then(Mono.defer(() -> Mono.fromCallable(() -> SchemaType.fromWire(type)
                .filter(PublicSchemaController::published)
                .filter(t -> SchemaName.validId(bare(t, id)))
                .map(t -> new SchemaName(t, bare(t, id)))
                .orElseThrow(() -> Rejected.notFound("no such schema")))
            .flatMap(n -> schemas.get(n, version))
            .flatMap(s -> expand
                ? schemas.expand(s).map(x -> SchemaController.view(s, x))
                : Mono.just(SchemaController.view(s, s.schema())))
            .map(v -> caching.ok(v, PublicCaching.SHARED))));
  }

  /** The schema ID without its type prefix: both {@code NZ_Person} and {@code ss_NZ_Person} name it. */
  private static String bare(SchemaType t, String id) {
    return id.startsWith(t.wire() + "_") ? id.substring(t.wire().length() + 1) : id;
  }
}
