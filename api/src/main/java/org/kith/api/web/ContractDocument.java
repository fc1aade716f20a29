package org.kith.api.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.tags.Tag;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kith.core.account.StepUpPolicy;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springdoc.core.customizers.GlobalOperationCustomizer;
import org.springframework.util.StringUtils;
import org.springframework.web.method.HandlerMethod;

/**
 * What the OpenAPI document says beyond the handlers' signatures, decided in this one place: each operation's
 * resource tag (by path), its operationId (the controller's resource and the handler's name, unless the handler
 * names one), and its RFC 9457 error responses as {@code application/problem+json} with the {@code Problem} schema
 * that {@link Problems} writes.
 */
final class ContractDocument implements GlobalOpenApiCustomizer, GlobalOperationCustomizer {
  static final String PROBLEM = "Problem";

  /** Resource tags by path prefix; the first matching prefix wins. */
  static final Map<String, String> TAGS = tags();

  private static Map<String, String> tags() {
    Map<String, String> t = new LinkedHashMap<>();
    t.put("/v1/auth/", "Auth");
    t.put("/v1/db/schemas", "Schemas");
    t.put("/v1/public/schemas", "Schemas");
    t.put("/v1/db/query", "Admin");
    t.put("/v1/db/", "Profile objects");
    t.put("/v1/public/profile-objects", "Profile objects");
    t.put("/v1/aa/", "Consent");
    t.put("/v1/oidc/", "Consent");
    t.put("/v1/verify/", "Verification");
    t.put("/.well-known/jwks.json", "Verification");
    t.put("/v1/clarity/", "Clarity");
    t.put("/v1/org", "Organisations");
    t.put("/v1/links", "Organisations");
    t.put("/v1/admin/", "Admin");
    t.put("/v1/audit/", "Admin");
    t.put("/v1/convert/", "Admin");
    return t;
  }

  private static final Map<String, String> DESCRIPTIONS = Map.of(
      "Auth", "Accounts, tokens, sessions and personal access tokens",
      "Profile objects",
          "Profile objects, permissions, ownership, groups, relationships and preferences",
      "Schemas", "JSON Schemas of profile objects: versions, bundling and validation",
      "Consent", "Access applications, consent instances, application keys and scopes",
      "Verification", "Signed verification records, SD-JWTs and the signing keys",
      "Clarity", "OCR and extraction models",
      "Organisations", "Organisations, invitations, application requests, domains and short links",
      "Admin", "Analyst queries, the audit trail and platform administration");

  /** Names the operation after its controller's resource and its handler, unless the handler names it. */
  @Override
  public Operation customize(Operation operation, HandlerMethod handler) {
    io.swagger.v3.oas.annotations.Operation declared =
        handler.getMethodAnnotation(io.swagger.v3.oas.annotations.Operation.class);
    if (declared == null || declared.operationId().isEmpty()) {
      String resource =
          handler.getBeanType().getSimpleName().replaceFirst("(Controller|Page)$", "");
      operation.setOperationId(StringUtils.uncapitalize(resource)
          + StringUtils.capitalize(handler.getMethod().getName()));
    }
    StepUpRequired stepUp = handler.getMethodAnnotation(StepUpRequired.class);
    if (stepUp != null) {
      stepUp(operation, stepUp.value());
    }
    return operation;
  }

  /** A step-up operation's 401 states the RFC 9470 challenge (the generic 401 is not added beside it). */
  private static void stepUp(Operation operation, StepUpPolicy.Operation what) {
    ApiResponses responses =
        operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
    String acr = what.acr();
    problem(
        responses,
        "401",
        "Missing, invalid or expired bearer token; or (problem type insufficient-user-authentication, RFC 9470)"
            + " the session's login is older than the step-up max age (default 5 minutes)"
            + (acr == null ? "" : " and below acr " + acr)
            + ", or the credential is a personal access token: log in again and retry");
    responses
        .get("401")
        .addHeaderObject(
            org.springframework.http.HttpHeaders.WWW_AUTHENTICATE,
            new io.swagger.v3.oas.models.headers.Header()
                .description(
                    "Bearer error=\"insufficient_user_authentication\", error_description=\"...\","
                        + " max_age=<seconds>"
                        + (acr == null ? "" : ", acr_values=\"" + acr + "\""))
                .schema(new StringSchema()));
    operation.setResponses(responses);
  }

  @Override
  public void customise(OpenAPI openApi) {
    openApi.getComponents().addSchemas(PROBLEM, problemSchema());
    if (openApi.getComponents().getSchemas() != null) {
      openApi.getComponents().getSchemas().values().forEach(ContractDocument::anyJsonValues);
    }
    List<Tag> used = new ArrayList<>();
    if (openApi.getPaths() != null) {
      openApi
          .getPaths()
          .forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            String tag = tag(path);
            operation.setTags(tag == null ? null : new ArrayList<>(List.of(tag)));
            if (tag != null && used.stream().noneMatch(t -> t.getName().equals(tag))) {
              used.add(new Tag().name(tag).description(DESCRIPTIONS.get(tag)));
            }
            anyJsonValues(operation);
            addProblems(path, method, operation);
          }));
    }
    used.sort(java.util.Comparator.comparing(
        t -> List.copyOf(DESCRIPTIONS.keySet()).indexOf(t.getName())));
    openApi.setTags(used);
  }

  /**
   * A {@code Map<String, Object>} holds any JSON values (properties, JSON Schemas, JWKs); the model resolver would
   * document its values as objects only.
   */
  private static void anyJsonValues(Schema<?> schema) {
    if (schema.getAdditionalProperties() instanceof Schema<?> values) {
      boolean object = "object".equals(values.getType())
          || (values.getType() == null
              && values.getTypes() != null
              && values.getTypes().equals(java.util.Set.of("object")));
      if (object
          && values.getProperties() == null
          && values.get$ref() == null
          && values.getAdditionalProperties() == null) {
        schema.setAdditionalProperties(new Schema<>());
      } else {
        anyJsonValues(values);
      }
    }
    if (schema.getProperties() != null) {
      schema.getProperties().values().forEach(ContractDocument::anyJsonValues);
    }
    if (schema.getItems() != null) {
      anyJsonValues(schema.getItems());
    }
  }

  /** The same for the bodies an operation takes and gives inline (free-form preferences, for one). */
  private static void anyJsonValues(Operation operation) {
    List<Content> contents = new ArrayList<>();
    if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
      contents.add(operation.getRequestBody().getContent());
    }
    if (operation.getResponses() != null) {
      operation.getResponses().values().stream()
          .map(ApiResponse::getContent)
          .filter(c -> c != null)
          .forEach(contents::add);
    }
    contents.forEach(c -> c.values().stream()
        .map(MediaType::getSchema)
        .filter(x -> x != null)
        .forEach(ContractDocument::anyJsonValues));
  }

  static String tag(String path) {
    return TAGS.entrySet().stream()
        .filter(e -> path.startsWith(e.getKey()))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(null);
  }

  /** The 4xx answers that the route can give by its shape, and a default problem for the rest (429, 5xx). */
  private static void addProblems(String path, PathItem.HttpMethod method, Operation operation) {
    ApiResponses responses =
        operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
    boolean body = operation.getRequestBody() != null;
    boolean parameters =
        operation.getParameters() != null && !operation.getParameters().isEmpty();
    boolean secured =
        operation.getSecurity() != null && !operation.getSecurity().isEmpty();
    if (body || parameters) {
      problem(
          responses,
          "400",
          "Bad input: malformed JSON, wrong types, or values the contract refuses");
    }
    if (secured) {
      problem(responses, "401", "Missing, invalid or expired bearer token");
      problem(responses, "403", "The caller is known but lacks the right");
    }
    if (path.contains("{")) {
      problem(responses, "404", "Unknown id, or one the caller may not know exists");
    }
    if (method == PathItem.HttpMethod.POST
        || method == PathItem.HttpMethod.PUT
        || method == PathItem.HttpMethod.DELETE) {
      problem(responses, "409", "The change conflicts with the current state");
    }
    if (body) {
      problem(responses, "413", "The body is larger than the configured limit");
      problem(responses, "415", "The body's content type is not one the route takes");
    }
    problem(responses, "default", "Any other problem (429 with Retry-After when throttled, 5xx)");
    operation.setResponses(responses);
  }

  private static void problem(ApiResponses responses, String status, String description) {
    if (!responses.containsKey(status)) {
      responses.addApiResponse(
          status,
          new ApiResponse()
              .description(description)
              .content(new Content()
                  .addMediaType(
                      org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                      new MediaType()
                          .schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)))));
    }
  }

  /** The body {@link Problems#write} sends. */
  private static Schema<?> problemSchema() {
    ObjectSchema error = new ObjectSchema();
    error.addProperty(
        "path", new StringSchema().description("JSON Pointer of the offending value"));
    error.addProperty("message", new StringSchema());
    error.setRequired(List.of("path", "message"));
    ObjectSchema problem = new ObjectSchema();
    problem.description("RFC 9457 problem details");
    problem.addProperty(
        "type", new StringSchema().format("uri").example(Problems.TYPE_BASE + "not-found"));
    problem.addProperty("title", new StringSchema());
    problem.addProperty("status", new IntegerSchema().format("int32"));
    problem.addProperty("detail", new StringSchema());
    problem.addProperty("message", new StringSchema().description("the same text as detail"));
    problem.addProperty("instance", new StringSchema().description("the request path"));
    problem.addProperty("errors", new ArraySchema().items(error).description("validation errors"));
    problem.addProperty(
        "mfa_token",
        new StringSchema()
            .description(
                "mfa-required only: present it with grant_type=mfa_otp within 5 minutes, once"));
    problem.setRequired(List.of("type", "title", "status", "detail", "message"));
    return problem;
  }
}
