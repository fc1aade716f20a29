package org.kith.api.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.api.KithIT;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.FluxExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

@DisplayName("public routes without a token: schemas, PUBLIC objects, caching and the rate limit")
class PublicReadsIT extends KithIT {
  private WebTestClient.ResponseSpec anonymousRead(Map<String, Object> body) {
    return post("/v1/db/profile-objects/read", body);
  }

  @Test
  @DisplayName(
      "GET /v1/public/schemas lists the shipped schemas with an ETag (304 on revalidation); the single"
          + " read is expanded like the signed-in read; a person's own schema is not public")
  void schemas() {
    String etag = http.get()
        .uri("/v1/public/schemas?schema_type=ss")
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals(HttpHeaders.CACHE_CONTROL, "max-age=300, public")
        .expectBody()
        .jsonPath("$.schemas[?(@.name == 'ss_NZ_Person')].schema_type")
        .isEqualTo("ss")
        .jsonPath("$.schemas[?(@.schema_type == 'us')]")
        .isEmpty()
        .returnResult()
        .getResponseHeaders()
        .getETag();
    assertThat(etag).startsWith("\"");
    http.get()
        .uri("/v1/public/schemas?schema_type=ss")
        .header(HttpHeaders.IF_NONE_MATCH, etag)
        .exchange()
        .expectStatus()
        .isNotModified()
        .expectBody()
        .isEmpty();
    User u = newUser("public-schema");
    Map<?, ?> signedIn = get("/v1/db/schemas/ss/NZ_Person?expand=true", u.token())
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    http.get()
        .uri("/v1/public/schemas/ss/NZ_Person")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .value(m -> assertThat(m.get("schema")).isEqualTo(signedIn.get("schema")));
    http.get()
        .uri("/v1/public/schemas?schema_type=us")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    String name = "public_check_" + System.nanoTime();
    post(
            "/v1/db/schemas",
            u.token(),
            Map.of(
                "name",
                name,
                "type",
                "us",
                "schema",
                Map.of("type", "object", "properties", Map.of("a", Map.of("type", "string")))))
        .expectStatus()
        .isCreated();
    String own = notFound(http.get().uri("/v1/public/schemas/us/" + name).exchange(), name);
    String none = "no_such_" + System.nanoTime();
    assertThat(notFound(http.get().uri("/v1/public/schemas/us/" + none).exchange(), none))
        .isEqualTo(own);
    assertThat(notFound(http.get().uri("/v1/public/schemas/ss/" + none).exchange(), none))
        .isEqualTo(own.replace("/us/", "/ss/"));
  }

  @Test
  @DisplayName(
      "POST /v1/db/profile-objects/read without a token answers only PUBLIC objects; the public GET"
          + " carries an ETag that revalidates to 304 until the object is made private, then 404")
  void publicObjects() {
    User owner = newUser("public-owner");
    String pub = person(owner, "Public");
    String hidden = person(owner, "Hidden");
    Map<?, ?> granted = post(
            "/v1/db/permissions/" + pub,
            owner.token(),
            Map.of("g_id", "PUBLIC", "permission", "VIEWS"))
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    String pId = (String) ((Map<?, ?>) ((List<?>) granted.get("relationships")).get(0)).get("p_id");
    anonymousRead(Map.of("profile_objects", List.of(Map.of("n_id", pub), Map.of("n_id", hidden))))
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.profile_objects.length()")
        .isEqualTo(1)
        .jsonPath("$.profile_objects[0].n_id")
        .isEqualTo(pub)
        .jsonPath("$.profile_objects[0].properties.given_names")
        .isEqualTo("Public");
    anonymousRead(Map.of("profile_objects", List.of(Map.of("n_id", hidden))))
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.profile_objects")
        .isEmpty();
    http.post()
        .uri("/v1/db/profile-objects/read")
        .contentType(MediaType.APPLICATION_JSON)
        .header(HttpHeaders.AUTHORIZATION, "Bearer not-a-token")
        .bodyValue(Map.of())
        .exchange()
        .expectStatus()
        .isUnauthorized();
    String etag = http.get()
        .uri("/v1/public/profile-objects/" + pub)
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals(HttpHeaders.CACHE_CONTROL, "no-cache, public")
        .expectBody()
        .returnResult()
        .getResponseHeaders()
        .getETag();
    assertThat(etag).isNotBlank();
    http.get()
        .uri("/v1/public/profile-objects/" + pub)
        .header(HttpHeaders.IF_NONE_MATCH, etag)
        .exchange()
        .expectStatus()
        .isNotModified();
    delete("/v1/db/permissions/" + pId, owner.token()).expectStatus().isNoContent();
    http.get()
        .uri("/v1/public/profile-objects/" + pub)
        .header(HttpHeaders.IF_NONE_MATCH, etag)
        .exchange()
        .expectStatus()
        .isNotFound();
    anonymousRead(Map.of("profile_objects", List.of(Map.of("n_id", pub))))
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.profile_objects")
        .isEmpty();
  }

  @Test
  @DisplayName("anonymous reads share the per-address limit of the unauthenticated routes: 429 with"
      + " Retry-After, then served again once the bucket refills")
  void rateLimited() {
    FluxExchangeResult<String> last = null;
    for (int i = 0; i < 1_000 && (last == null || last.getStatus().value() != 429); i++) {
      last = http.get()
          .uri("/v1/public/schemas/ss/NZ_Person?expand=false")
          .exchange()
          .returnResult(String.class);
    }
    assertThat(last.getStatus().value()).as("a 429 within 1,000 quick requests").isEqualTo(429);
    assertThat(last.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();
    assertThat(last.getResponseHeaders().getContentType())
        .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    eventually(
        Duration.ofSeconds(10),
        () -> anonymousRead(Map.of()).returnResult(String.class).getStatus().is2xxSuccessful());
  }
}
