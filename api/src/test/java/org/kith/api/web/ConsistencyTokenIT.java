package org.kith.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.api.KithIT;
import org.springframework.http.MediaType;

@DisplayName("consistency tokens")
class ConsistencyTokenIT extends KithIT {
  @Test
  @DisplayName("a write answers with a token; a read that sends it back is served; reads get none")
  void writeHandsOutTokenThatReadsAccept() {
    User u = newUser("zookie");
    var created = http.post()
        .uri("/v1/db/profile-objects")
        .headers(h -> h.setBearerAuth(u.token()))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of(
            "schema",
            "ss_NZ_Person",
            "properties",
            Map.of(
                "given_names", "Nelson", "family_name", "Tester", "date_of_birth", "1990-01-02")))
        .exchange()
        .expectStatus()
        .isCreated()
        .returnResult(java.util.List.class);
    String token = created.getResponseHeaders().getFirst(ConsistencyFilter.HEADER);
    assertThat(token).startsWith("k1.");
    String nId =
        (String) ((Map<?, ?>) ((java.util.List<?>) created.getResponseBody().blockFirst()).get(0))
            .get("n_id");
    var read = http.get()
        .uri("/v1/db/profile-objects/" + nId)
        .headers(h -> h.setBearerAuth(u.token()))
        .header(ConsistencyFilter.HEADER, token)
        .exchange()
        .expectStatus()
        .isOk()
        .returnResult(String.class);
    assertThat(read.getResponseHeaders().getFirst(ConsistencyFilter.HEADER))
        .as("a read writes nothing")
        .isNull();
  }

  @Test
  @DisplayName(
      "a malformed token is a 400 problem naming the header; a token for a transaction the database never"
          + " reached is a fast 503, not a wait")
  void badTokens() {
    User u = newUser("zookie-bad");
    for (String bad : new String[] {
      "garbage",
      "k1.!!!",
      "k1." + "A".repeat(5000),
      "k1." + Base64.getUrlEncoder().encodeToString("bad bookmark".getBytes())
    }) {
      http.get()
          .uri("/v1/db/profile-objects/mine")
          .headers(h -> h.setBearerAuth(u.token()))
          .header(ConsistencyFilter.HEADER, bad)
          .exchange()
          .expectStatus()
          .isBadRequest()
          .expectHeader()
          .contentType(MediaType.APPLICATION_PROBLEM_JSON)
          .expectBody()
          .jsonPath("$.errors[0].path")
          .isEqualTo("Kith-Consistency-Token");
    }
    var created = http.post()
        .uri("/v1/db/profile-objects")
        .headers(h -> h.setBearerAuth(u.token()))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of(
            "schema",
            "ss_NZ_Person",
            "properties",
            Map.of("given_names", "Otaki", "family_name", "Tester", "date_of_birth", "1990-01-02")))
        .exchange()
        .expectStatus()
        .isCreated()
        .returnResult(String.class);
    String token = created.getResponseHeaders().getFirst(ConsistencyFilter.HEADER);
    String future = "k1."
        + Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(futureOf(new String(Base64.getUrlDecoder().decode(token.substring(3))))
                .getBytes());
    Instant started = Instant.now();
    http.mutate()
        .responseTimeout(Duration.ofSeconds(30))
        .build()
        .get()
        .uri("/v1/db/profile-objects/mine")
        .headers(h -> h.setBearerAuth(u.token()))
        .header(ConsistencyFilter.HEADER, future)
        .exchange()
        .expectStatus()
        .isEqualTo(503)
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(Duration.between(started, Instant.now()))
        .as("the wait is bounded (5 s), not retried")
        .isLessThan(Duration.ofSeconds(15));
  }

  /**
   * The same database's bookmark for transaction 2^31-1. A Neo4j 5 bookmark is {@code FB:} and base64 of a
   * PackStream list: [database UUID bytes, transaction id] followed by an empty list.
   */
  static String futureOf(String bookmark) {
    assertThat(bookmark).startsWith("FB:");
    byte[] b = Base64.getDecoder().decode(bookmark.substring(3));
    assertThat(b[0] & 0xff).as("a list of one").isEqualTo(0x91);
    assertThat(b[1] & 0xff).as("bytes, 8-bit length").isEqualTo(0xCC);
    int id = 3 + b[2];
    int marker = b[id] & 0xff;
    int intLength =
        marker < 0x80 ? 1 : marker == 0xC8 ? 2 : marker == 0xC9 ? 3 : marker == 0xCA ? 5 : 9;
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.write(b, 0, id);
    out.writeBytes(new byte[] {(byte) 0xCA, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
    out.write(b, id + intLength, b.length - id - intLength);
    return "FB:" + Base64.getEncoder().encodeToString(out.toByteArray());
  }
}
