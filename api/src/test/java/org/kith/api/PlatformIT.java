package org.kith.api;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

@DisplayName("platform behaviour")
class PlatformIT extends KithIT {
  @Test
  @DisplayName("unknown routes, wrong methods and wrong media types are problem+json")
  void frameworkErrors() {
    http.get()
        .uri("/v1/nothing-here")
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo(404)
        .jsonPath("$.message")
        .exists()
        .jsonPath("$.type")
        .isEqualTo("https://kith.dev/problems/not-found");
    http.delete()
        .uri("/v1/auth/signup")
        .exchange()
        .expectStatus()
        .isEqualTo(405)
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectHeader()
        .exists("Allow");
    http.post()
        .uri("/v1/auth/signup")
        .contentType(MediaType.TEXT_PLAIN)
        .bodyValue("hello")
        .exchange()
        .expectStatus()
        .isEqualTo(415)
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  @DisplayName("malformed JSON is a 400 and an oversized body a 413, without internals in the body")
  void badBodies() {
    http.post()
        .uri("/v1/auth/signup")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"username\": ")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.detail")
        .value(d -> org.assertj.core.api.Assertions.assertThat((String) d)
            .doesNotContain("Exception")
            .doesNotContain("jackson"));
    String huge = "{\"username\":\"" + "a".repeat(2 * 1024 * 1024) + "\"}";
    http.post()
        .uri("/v1/auth/signup")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(huge)
        .exchange()
        .expectStatus()
        .isEqualTo(413)
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    http.post()
        .uri("/v1/auth/signup")
        .contentType(MediaType.APPLICATION_JSON)
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  @DisplayName("health is UP with the database, and the OpenAPI document lists the auth routes")
  void healthAndDocs() {
    http.get()
        .uri("/actuator/health")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("UP")
        .jsonPath("$.components.neo4j.status")
        .isEqualTo("UP")
        .jsonPath("$.components.neo4j.details")
        .doesNotExist();
    http.get()
        .uri("/v3/api-docs")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.paths['/v1/auth/signup']")
        .exists()
        .jsonPath("$.paths['/v1/auth/personal-access-tokens']")
        .exists();
    http.get().uri("/swagger-ui.html").exchange().expectStatus().is3xxRedirection();
  }
}
