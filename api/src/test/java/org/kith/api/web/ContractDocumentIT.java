package org.kith.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.kith.api.PickupMails;
import org.springframework.http.HttpMethod;

/**
 * The OpenAPI document is the contract: every operation is named, tagged by resource and documents its problems;
 * every property is spelled as on the wire; and the answers of the main paths validate against the document's own
 * response schemas, read strictly (a property the wire sends but the document does not declare is an error).
 */
@DisplayName("the OpenAPI document describes the wire")
class ContractDocumentIT extends DocumentedAnswers {
  static final Set<String> RESOURCE_TAGS = Set.of(
      "Auth",
      "Profile objects",
      "Schemas",
      "Consent",
      "Verification",
      "Clarity",
      "Organisations",
      "Admin");
  /**
   * camelCase names that the HTTP contract itself uses as JSON property names: only WebAuthn's own JSON forms of
   * its options (PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON), which browsers
   * parse as they are.
   */
  static final Set<String> CONTRACT_CAMEL_CASE = Set.of(
      "displayName",
      "pubKeyCredParams",
      "excludeCredentials",
      "authenticatorSelection",
      "residentKey",
      "requireResidentKey",
      "userVerification",
      "rpId",
      "allowCredentials");

  static final Pattern CAMEL = Pattern.compile(".*[a-z0-9][A-Z].*");
  static final Pattern GENERATED_ID = Pattern.compile(".*_\\d+$");
  /** An id that only repeats its resource (jwksJwks, queryQuery) says nothing of what the operation does. */
  static final Pattern REPEATED_ID = Pattern.compile("^([a-z]+)\\1$", Pattern.CASE_INSENSITIVE);

  record Op(String method, String path, JsonNode operation) {
    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  List<Op> operations() {
    List<Op> out = new ArrayList<>();
    doc.get("paths")
        .properties()
        .forEach(p -> p.getValue()
            .properties()
            .forEach(o -> out.add(
                new Op(o.getKey().toUpperCase(java.util.Locale.ROOT), p.getKey(), o.getValue()))));
    return out;
  }

  @Nested
  @DisplayName("operations")
  class Operations {
    @Test
    @DisplayName("each has a unique, chosen operationId")
    void uniqueOperationIds() {
      Set<String> seen = new HashSet<>();
      for (Op op : operations()) {
        String id = op.operation().path("operationId").asText("");
        assertThat(id)
            .as("operationId of %s", op)
            .isNotBlank()
            .doesNotMatch(GENERATED_ID)
            .doesNotMatch(REPEATED_ID);
        assertThat(seen.add(id)).as("operationId %s of %s is unique", id, op).isTrue();
      }
      assertThat(seen).hasSizeGreaterThan(90);
    }

    @Test
    @DisplayName(
        "each is tagged with exactly one resource, and the document lists only resource tags")
    void resourceTags() {
      for (Op op : operations()) {
        List<String> tags = new ArrayList<>();
        op.operation().path("tags").forEach(t -> tags.add(t.asText()));
        assertThat(tags).as("tags of %s", op).hasSize(1).allMatch(RESOURCE_TAGS::contains);
      }
      List<String> listed = new ArrayList<>();
      doc.path("tags").forEach(t -> listed.add(t.path("name").asText()));
      assertThat(listed).isSubsetOf(RESOURCE_TAGS).doesNotHaveDuplicates();
    }

    @Test
    @DisplayName("each documents its errors as application/problem+json of the Problem schema")
    void problemResponses() {
      assertThat(doc.at("/components/schemas/Problem/properties").has("detail")).isTrue();
      for (Op op : operations()) {
        JsonNode responses = op.operation().path("responses");
        List<String> problems = new ArrayList<>();
        responses.properties().forEach(r -> {
          JsonNode problem = r.getValue().at("/content/application~1problem+json/schema/$ref");
          if (problem.asText().equals("#/components/schemas/Problem")) {
            problems.add(r.getKey());
          }
        });
        assertThat(problems).as("problem responses of %s", op).contains("default");
        if (op.path().contains("{")) {
          assertThat(problems).as("problem responses of %s", op).contains("404");
        }
        if (op.operation().has("security")) {
          assertThat(problems).as("problem responses of %s", op).contains("401", "403");
        }
        if (op.operation().has("requestBody")) {
          assertThat(problems).as("problem responses of %s", op).contains("400", "413", "415");
        }
      }
    }
  }

  @Test
  @DisplayName(
      "each step-up operation documents its RFC 9470 401 with the WWW-Authenticate challenge")
  void stepUpResponses() {
    List<String> stepUp = List.of(
        "POST /v1/auth/password-change",
        "DELETE /v1/auth/me",
        "GET /v1/auth/me/export",
        "POST /v1/auth/mfa/totp",
        "POST /v1/auth/mfa/totp/confirm",
        "DELETE /v1/auth/mfa/totp",
        "POST /v1/auth/webauthn/registration/options",
        "POST /v1/auth/webauthn/registration",
        "DELETE /v1/auth/webauthn/credentials/{id}",
        "POST /v1/auth/personal-access-tokens",
        "POST /v1/aa/instances");
    List<String> documented = new ArrayList<>();
    for (Op op : operations()) {
      JsonNode unauthorized = op.operation().at("/responses/401");
      if (unauthorized.path("description").asText().contains("insufficient-user-authentication")) {
        assertThat(unauthorized.at("/headers/WWW-Authenticate/description").asText())
            .as("challenge of %s", op)
            .contains("error=\"insufficient_user_authentication\"", "max_age=");
        documented.add(op.toString());
      }
    }
    assertThat(documented).containsExactlyInAnyOrderElementsOf(stepUp);
  }

  @Test
  @DisplayName(
      "a property that may be null is documented nullable; one that is always sent non-null is required")
  void nullability() {
    JsonNode org = doc.at("/components/schemas/OrganisationView");
    assertThat(org.at("/properties/customer/type").toString()).isEqualTo("[\"string\",\"null\"]");
    assertThat(org.at("/properties/org_id/type").asText()).isEqualTo("string");
    List<String> required = new ArrayList<>();
    org.path("required").forEach(r -> required.add(r.asText()));
    assertThat(required)
        .contains("org_id", "name", "email", "created_at")
        .doesNotContain("address", "customer");
    // left out when null (NON_NULL): optional, never null
    JsonNode check = doc.at("/components/schemas/PresentationCheck");
    assertThat(check.at("/properties/reason/type").asText()).isEqualTo("string");
    assertThat(check.path("required").toString()).doesNotContain("reason");
  }

  @Test
  @DisplayName("no schema property is camelCase unless the contract spells it so")
  void propertiesAsOnTheWire() {
    List<String> camel = new ArrayList<>();
    collectProperties(doc.path("components").path("schemas"), "#/components/schemas", camel);
    for (Op op : operations()) {
      collectProperties(op.operation(), op.toString(), camel);
    }
    assertThat(camel).isEmpty();
  }

  /** Walks schemas: a {@code properties} member maps names to schemas, every other member may hold schemas. */
  private static void collectProperties(JsonNode node, String where, List<String> camel) {
    if (node.isObject()) {
      node.properties().forEach(e -> {
        if (e.getKey().equals("properties") && e.getValue().isObject()) {
          e.getValue().properties().forEach(p -> {
            if (CAMEL.matcher(p.getKey()).matches() && !CONTRACT_CAMEL_CASE.contains(p.getKey())) {
              camel.add(where + ": " + p.getKey());
            }
            collectProperties(p.getValue(), where + "/" + p.getKey(), camel);
          });
        } else {
          collectProperties(e.getValue(), where + "/" + e.getKey(), camel);
        }
      });
    } else if (node.isArray()) {
      node.forEach(n -> collectProperties(n, where, camel));
    }
  }

  @Test
  @DisplayName("signup, verify, token, me, profile objects and schemas answer as documented")
  void mainPathsAnswerAsDocumented() throws Exception {
    String username = newUsername("contract");
    String uId = exchange(
            HttpMethod.POST,
            "/v1/auth/signup",
            "/v1/auth/signup",
            null,
            Map.of("username", username, "password", PASSWORD),
            201)
        .path("u_id")
        .asText();
    exchange(
        HttpMethod.POST,
        "/v1/auth/verify",
        "/v1/auth/verify",
        null,
        Map.of(
            "username",
            username,
            "verification_code",
            PickupMails.latestCode(DATA_DIR, username, 1)),
        200);
    JsonNode tokens = exchange(
        HttpMethod.POST,
        "/v1/auth/token",
        "/v1/auth/token",
        null,
        Map.of("grant_type", "password", "username", username, "password", PASSWORD),
        200);
    String token = tokens.path("access_token").asText();
    exchange(
        HttpMethod.POST,
        "/v1/auth/token",
        "/v1/auth/token",
        null,
        Map.of(
            "grant_type",
            "refresh_token",
            "refresh_token",
            tokens.path("refresh_token").asText()),
        200);
    assertThat(exchange(HttpMethod.GET, "/v1/auth/me", "/v1/auth/me", token, null, 200)
            .path("u_id")
            .asText())
        .isEqualTo(uId);

    JsonNode created = exchange(
        HttpMethod.POST,
        "/v1/db/profile-objects",
        "/v1/db/profile-objects",
        token,
        Map.of(
            "schema",
            "ss_NZ_Person",
            "properties",
            Map.of("given_names", "Ana", "family_name", "Contract", "date_of_birth", "1990-01-02")),
        201);
    String nId = created.path(0).path("n_id").asText();
    exchange(
        HttpMethod.GET,
        "/v1/db/profile-objects/{nId}",
        "/v1/db/profile-objects/" + nId,
        token,
        null,
        200);
    exchange(
        HttpMethod.GET,
        "/v1/db/profile-objects/{nId}",
        "/v1/db/profile-objects/" + nId + "?expand=true",
        token,
        null,
        200);
    exchange(
        HttpMethod.POST,
        "/v1/db/profile-objects/read",
        "/v1/db/profile-objects/read",
        token,
        Map.of("permissions", List.of("IS_OWNER")),
        200);

    exchange(
        HttpMethod.GET,
        "/v1/db/schemas/{type}/{id}",
        "/v1/db/schemas/ss/NZ_Person",
        token,
        null,
        200);
    exchange(
        HttpMethod.POST,
        "/v1/db/schemas/{type}/{id}/validate",
        "/v1/db/schemas/ss/NZ_Person/validate",
        token,
        Map.of("given_names", 5),
        200);
  }
}
