package org.kith.core.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.core.FieldError;
import org.kith.core.ProblemKind;
import org.kith.core.Rejected;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

@DisplayName("scopes of resource servers")
class ScopeServiceTests {
  private final List<ResourceServer> saved = new ArrayList<>();
  private final ScopeService service = new ScopeService(
      new ScopeService.Store() {
        @Override
        public Mono<ResourceServer> save(
            ResourceServer server, List<org.kith.core.audit.AuditEvent> audit) {
          return Mono.fromCallable(() -> {
            saved.add(server);
            return server;
          });
        }

        @Override
        public Flux<ResourceServer> all() {
          return Flux.fromIterable(saved);
        }
      },
      java.time.Clock.systemUTC());

  private static void invalid(Mono<?> mono, String... paths) {
    StepVerifier.create(mono).verifyErrorSatisfies(e -> {
      assertThat(((Rejected) e).kind()).isEqualTo(ProblemKind.VALIDATION);
      assertThat(((Rejected) e).errors()).extracting(FieldError::path).containsExactly(paths);
    });
  }

  @Test
  @DisplayName("platform admins define scopes; the name defaults to the identifier")
  void define() {
    ResourceServer server = service
        .define(
            "admin",
            true,
            "https://api.example",
            null,
            List.of(Map.of("value", "orders:read", "description", "read orders")))
        .block();
    assertThat(server).isNotNull();
    assertThat(server.name()).isEqualTo("https://api.example");
    assertThat(service.resourceServers().collectList().block()).containsExactly(server);
  }

  @Test
  @DisplayName("anyone else is refused with 403 before anything is checked")
  void adminsOnly() {
    StepVerifier.create(service.define("admin", false, null, null, null))
        .verifyErrorSatisfies(
            e -> assertThat(((Rejected) e).kind()).isEqualTo(ProblemKind.FORBIDDEN));
    assertThat(saved).isEmpty();
  }

  @Test
  @DisplayName(
      "the identifier is 1 to 200 characters; each scope value is 1 to 200 characters without spaces")
  void validation() {
    invalid(service.define("admin", true, " ", "n", List.of()), "resource_server");
    invalid(service.define("admin", true, "x".repeat(201), "n", List.of()), "resource_server");
    invalid(
        service.define(
            "admin",
            true,
            "api",
            "n",
            List.of(
                Map.of("value", "ok"),
                Map.of("value", "has space"),
                Map.of("value", ""),
                Map.of("description", "no value"),
                Map.of("value", 42),
                Map.of("value", "x".repeat(201)),
                Map.of("value", "tab\there"))),
        "scopes/1/value",
        "scopes/2/value",
        "scopes/3/value",
        "scopes/4/value",
        "scopes/5/value",
        "scopes/6/value");
    assertThat(service
            .define("admin", true, "x".repeat(200), "n", List.of(Map.of("value", "v".repeat(200))))
            .block())
        .isNotNull();
  }

  @Test
  @DisplayName("at most 500 scopes per resource server")
  void limit() {
    List<Map<String, Object>> five = Collections.nCopies(500, Map.of("value", "s"));
    assertThat(service.define("admin", true, "api", "n", five).block()).isNotNull();
    List<Map<String, Object>> more = new ArrayList<>(five);
    more.add(Map.of("value", "s"));
    invalid(service.define("admin", true, "api", "n", more), "scopes");
  }
}
