package org.kith.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi30;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.kith.api.KithIT;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/**
 * Reads the OpenAPI document and checks answers against it: {@link #exchange} sends a request and validates the
 * answer's status and body against the document's response schema for that operation and status, read strictly
 * (a property the wire sends but the document does not declare is an error).
 */
abstract class DocumentedAnswers extends KithIT {
  final ObjectMapper json = new ObjectMapper();
  JsonNode doc;

  @BeforeEach
  void readDocument() throws Exception {
    byte[] body = http.get()
        .uri("/v3/api-docs")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .returnResult()
        .getResponseBody();
    doc = json.readTree(body);
  }

  /** The document's schemas, read strictly: objects with declared properties allow no others. */
  static JsonNode strict(JsonNode node) {
    JsonNode copy = node.deepCopy();
    forbidUndeclared(copy);
    return copy;
  }

  private static void forbidUndeclared(JsonNode node) {
    if (node instanceof ObjectNode o) {
      if (o.path("nullable").asBoolean() && o.path("type").isTextual()) {
        // OpenAPI 3.0's nullable, said in JSON Schema
        o.set("type", o.arrayNode().add(o.path("type").asText()).add("null"));
        o.remove("nullable");
      }
      if (o.path("properties").isObject() && !o.has("additionalProperties") && !o.has("allOf")) {
        o.put("additionalProperties", false);
      }
      o.properties().forEach(e -> {
        if (e.getKey().equals("properties") && e.getValue().isObject()) {
          e.getValue().forEach(DocumentedAnswers::forbidUndeclared);
        } else {
          forbidUndeclared(e.getValue());
        }
      });
    } else if (node.isArray()) {
      node.forEach(DocumentedAnswers::forbidUndeclared);
    }
  }

  /** Sends the request and checks its answer's status and body against the document's response for that status. */
  JsonNode exchange(
      HttpMethod method, String template, String path, String bearer, Object body, int status)
      throws Exception {
    return exchange(method, template, path, bearer, body, status, MediaType.APPLICATION_JSON);
  }

  JsonNode exchange(
      HttpMethod method,
      String template,
      String path,
      String bearer,
      Object body,
      int status,
      MediaType accept)
      throws Exception {
    var request = http.method(method).uri(path).headers(h -> {
      if (bearer != null) {
        h.setBearerAuth(bearer);
      }
      h.setAccept(java.util.List.of(accept));
    });
    var spec = body == null
        ? request.exchange()
        : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    byte[] bytes =
        spec.expectStatus().isEqualTo(status).expectBody().returnResult().getResponseBody();
    JsonNode answer = json.readTree(bytes);
    assertThat(answer).as("%s %s answers a body", method, path).isNotNull();
    assertThat(validate(method, template, status, answer))
        .as("%s %s answer %s against its documented schema", method, template, answer)
        .isEmpty();
    return answer;
  }

  /** The errors of an answer against the document's schema of that operation's response with that status. */
  Set<ValidationMessage> validate(HttpMethod method, String template, int status, JsonNode answer) {
    JsonNode schema = doc.path("paths")
        .path(template)
        .path(method.name().toLowerCase(Locale.ROOT))
        .path("responses")
        .path(String.valueOf(status))
        .path("content");
    assertThat(schema.isMissingNode() || schema.isEmpty())
        .as("%s %s documents a %s answer", method, template, status)
        .isFalse();
    JsonNode responseSchema = schema.elements().next().path("schema");
    ObjectNode root = (ObjectNode) strict(responseSchema);
    root.set("components", strict(doc.path("components")));
    JsonSchema validator = JsonSchemaFactory.getInstance(
            com.networknt.schema.SpecVersion.VersionFlag.V4,
            b -> b.metaSchema(OpenApi30.getInstance())
                .defaultMetaSchemaIri(OpenApi30.getInstance().getIri()))
        .getSchema(root, SchemaValidatorsConfig.builder().build());
    return validator.validate(answer);
  }
}
