package org.kith.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.api.KithIT;
import org.kith.api.NodeInterop;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ResolvableType;
import org.springframework.util.FileSystemUtils;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;

/**
 * The contract cannot drift from the code: TypeScript types are generated (openapi-typescript) from the document
 * this server serves at /v3/api-docs, the main-paths script in {@code interop/contract/} is type-checked against
 * them with {@code tsc} in strict mode (a renamed or retyped property it uses fails the compile), and the compiled
 * script then walks the black-box suite's main paths through openapi-fetch against this server.
 */
@DisplayName("a client generated from /v3/api-docs")
class GeneratedClientIT extends KithIT {
  /** The steps of interop/contract/main-paths.mts, in order: the script must report each one passed. */
  static final List<String> STEPS = List.of(
      "sign up",
      "verify with the emailed code",
      "log in",
      "who am I",
      "refresh",
      "list schemas",
      "read a schema",
      "validate against a schema",
      "create a profile object",
      "read it",
      "update it",
      "list mine",
      "read its document",
      "a second user signs up",
      "grant VIEWS",
      "list grants",
      "the grantee reads it",
      "the grantee may not update it",
      "analyst query",
      "create an application",
      "consent screen",
      "share with the application",
      "list my shares",
      "the application reads the share",
      "the application moves the share",
      "withdraw",
      "after withdrawal the application sees nothing",
      "revoke the grant",
      "delete the profile object",
      "it is gone",
      "JWKS",
      "sign and check a verification",
      "log out");

  @LocalServerPort
  int port;

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping routes;

  final ObjectMapper json = new ObjectMapper();

  @Test
  @DisplayName(
      "type-checks the main-paths script in strict mode and walks the main paths through it")
  void mainPaths() throws IOException {
    Path work = Path.of("target", "generated-client").toAbsolutePath();
    FileSystemUtils.deleteRecursively(work);
    Files.createDirectories(work);
    byte[] document = http.get()
        .uri("/v3/api-docs")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .returnResult()
        .getResponseBody();
    assertThat(document).isNotNull();
    Path documentFile = Files.write(work.resolve("api-docs.json"), document);
    Path interop = NodeInterop.directory();
    Path bin = interop.resolve("node_modules").resolve(".bin");
    Path contract = interop.resolve("contract");
    // Node resolves the compiled script's imports (openapi-fetch) from node_modules beside it
    Files.createSymbolicLink(work.resolve("node_modules"), interop.resolve("node_modules"));

    // a schema of type object with no properties is any object (free-form maps), not an empty one
    Path types = work.resolve("kith-api.d.ts");
    expectSuccess(
        "openapi-typescript",
        NodeInterop.tool(List.of(
            bin.resolve("openapi-typescript").toString(),
            documentFile.toString(),
            "--empty-objects-unknown",
            "-o",
            types.toString())));

    Path tsconfig = work.resolve("tsconfig.json");
    Files.writeString(
        tsconfig,
        json.writeValueAsString(Map.of(
            "extends", contract.resolve("tsconfig.json").toString(),
            "compilerOptions",
                Map.of(
                    "paths",
                    Map.of("kith-openapi", List.of(types.toString())),
                    "rootDir",
                    contract.toString(),
                    "outDir",
                    work.resolve("out").toString()),
            "files", List.of(contract.resolve("main-paths.mts").toString()))));
    // the type check: strict, no emit when a single error is found
    expectSuccess(
        "tsc -p " + tsconfig,
        NodeInterop.tool(List.of(bin.resolve("tsc").toString(), "-p", tsconfig.toString())));

    NodeInterop.Outcome run = NodeInterop.tool(List.of(
        "node",
        work.resolve("out/main-paths.mjs").toString(),
        "http://127.0.0.1:" + port,
        DATA_DIR.resolve("mail").toString(),
        adminToken()));
    JsonNode report = lastJsonLine(run.output());
    assertThat(report.path("ok").asBoolean())
        .as("main paths through the generated client:\n%s", run.output())
        .isTrue();
    assertThat(run.exitCode()).as(run.output()).isZero();
    List<String> passed = new ArrayList<>();
    report.path("steps").forEach(s -> passed.add(s.asText()));
    assertThat(passed).as("steps reported passed").containsExactlyElementsOf(STEPS);
  }

  /**
   * The document names a body's schema by the record's simple name (or its {@code @Schema(name)}); two records of
   * one name become one schema, and one of the two routes is then described with the other's shape, which the
   * generated client then sends. Every record reachable from a route's body or answer needs a name of its own.
   */
  @Test
  @DisplayName("no two records of the HTTP edge share a schema name in the document")
  void uniqueSchemaNames() {
    Map<String, Set<String>> byName = new TreeMap<>();
    Set<Class<?>> seen = new HashSet<>();
    for (HandlerMethod handler : routes.getHandlerMethods().values()) {
      Method method = handler.getMethod();
      walk(ResolvableType.forMethodReturnType(method), seen, byName);
      for (int i = 0; i < method.getParameterCount(); i++) {
        if (method.getParameters()[i].isAnnotationPresent(RequestBody.class)) {
          walk(ResolvableType.forMethodParameter(method, i), seen, byName);
        }
        var documented = method.getParameters()[i].getAnnotation(
            io.swagger.v3.oas.annotations.parameters.RequestBody.class);
        if (documented != null) {
          walkDocumented(documented.content(), seen, byName);
        }
      }
      for (ApiResponse response : method.getAnnotationsByType(ApiResponse.class)) {
        walkDocumented(response.content(), seen, byName);
      }
    }
    assertThat(seen).as("records reached from the routes").hasSizeGreaterThan(20);
    Map<String, Set<String>> shared = new TreeMap<>();
    byName.forEach((name, classes) -> {
      if (classes.size() > 1) {
        shared.put(name, classes);
      }
    });
    assertThat(shared)
        .as("schema names shared by different records (give one a @Schema(name = ...))")
        .isEmpty();
  }

  /** The classes a route's annotations name as its body or answer (one-or-many bodies, either-or answers). */
  private static void walkDocumented(
      Content[] contents, Set<Class<?>> seen, Map<String, Set<String>> byName) {
    for (Content content : contents) {
      List<Class<?>> named = new ArrayList<>(
          List.of(content.schema().implementation(), content.array().schema().implementation()));
      named.addAll(List.of(content.schema().oneOf()));
      named.addAll(List.of(content.schema().anyOf()));
      named.forEach(c -> walk(ResolvableType.forClass(c), seen, byName));
    }
  }

  private static void walk(
      ResolvableType type, Set<Class<?>> seen, Map<String, Set<String>> byName) {
    for (ResolvableType generic : type.getGenerics()) {
      walk(generic, seen, byName);
    }
    if (type.isArray()) {
      walk(type.getComponentType(), seen, byName);
    }
    Class<?> raw = type.resolve();
    if (raw == null || !raw.getName().startsWith("org.kith.") || !seen.add(raw)) {
      return;
    }
    Schema named = raw.getAnnotation(Schema.class);
    String name = named != null && !named.name().isEmpty() ? named.name() : raw.getSimpleName();
    if (!raw.isEnum()) { // enums are written inline
      byName.computeIfAbsent(name, n -> new TreeSet<>()).add(raw.getName());
    }
    if (raw.isRecord()) {
      for (RecordComponent component : raw.getRecordComponents()) {
        walk(ResolvableType.forType(component.getGenericType()), seen, byName);
      }
    }
  }

  private static void expectSuccess(String what, NodeInterop.Outcome outcome) {
    assertThat(outcome.exitCode())
        .as("%s exited %d:%n%s", what, outcome.exitCode(), outcome.output())
        .isZero();
  }

  private JsonNode lastJsonLine(String output) throws IOException {
    String[] lines = output.strip().split("\n");
    for (int i = lines.length - 1; i >= 0; i--) {
      if (lines[i].startsWith("{")) {
        return json.readTree(lines[i]);
      }
    }
    throw new AssertionError("the script printed no report:\n" + output);
  }
}
