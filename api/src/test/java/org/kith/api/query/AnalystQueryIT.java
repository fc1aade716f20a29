package org.kith.api.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.api.KithIT;

@DisplayName("POST /v1/db/query")
class AnalystQueryIT extends KithIT {

  @Test
  @DisplayName(
      "an analyst sees exactly what the API would show: own and shared objects, never others'")
  @SuppressWarnings("unchecked")
  void visibility() {
    User alice = newUser("alice-q");
    User bob = newUser("bob-q");
    String shared = person(alice, "Shared");
    String secret = person(alice, "Secret");
    String own = person(bob, "Bobs");
    post(
            "/v1/db/permissions/" + shared,
            alice.token(),
            Map.of("u_id", bob.uId(), "permission", "VIEWS"))
        .expectStatus()
        .isOk();
    // other tests share this database (and publish objects), so look only at this test's three
    Map<String, Object> r = post(
            "/v1/db/query",
            bob.token(),
            Map.of(
                "query",
                "MATCH (n:ss_NZ_Person) WHERE n.n_id IN $ids RETURN n.n_id AS id, n.given_names AS name ORDER BY name",
                "params",
                Map.of("ids", List.of(shared, secret, own))))
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    assertThat(r.get("columns")).isEqualTo(List.of("id", "name"));
    assertThat((List<List<Object>>) r.get("rows"))
        .containsExactly(List.of(own, "Bobs"), List.of(shared, "Shared"));
    assertThat(r.get("truncated")).isEqualTo(false);
    // guessing the hidden object's id finds nothing
    post(
            "/v1/db/query",
            bob.token(),
            Map.of("query", "MATCH (n {n_id: $id}) RETURN n", "params", Map.of("id", secret)))
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.rows.length()")
        .isEqualTo(0);
    // nodes come as {n_id, labels, properties}; the user node carries no secret
    post("/v1/db/query", bob.token(), Map.of("query", "MATCH (u:User) RETURN u"))
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.rows.length()")
        .isEqualTo(1)
        .jsonPath("$.rows[0][0].n_id")
        .isEqualTo(bob.uId())
        .jsonPath("$.rows[0][0].labels[0]")
        .isEqualTo("User")
        .jsonPath("$.rows[0][0].properties.username")
        .isEqualTo(bob.username())
        .jsonPath("$.rows[0][0].properties.password_hash")
        .doesNotExist();
    // relationships as {p_id, type, start, end, properties}
    post("/v1/db/query", bob.token(), Map.of("query", "MATCH (:User)-[g:VIEWS]->(n) RETURN g"))
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.rows.length()")
        .isEqualTo(1)
        .jsonPath("$.rows[0][0].type")
        .isEqualTo("VIEWS")
        .jsonPath("$.rows[0][0].start")
        .isEqualTo(bob.uId())
        .jsonPath("$.rows[0][0].end")
        .isEqualTo(shared);
  }

  @Test
  @DisplayName(
      "writes and admin commands are 400 problems that name the reason, and change nothing")
  void refused() {
    User carol = newUser("carol-q");
    String nId = person(carol, "Carol");
    post(
            "/v1/db/query",
            carol.token(),
            Map.of("query", "MATCH (n {n_id: '" + nId + "'}) SET n.given_names = 'X'"))
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentType("application/problem+json")
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://kith.dev/problems/validation")
        .jsonPath("$.detail")
        .value(d -> assertThat((String) d).contains("SET is not allowed"));
    post("/v1/db/query", carol.token(), Map.of("query", "CALL db.labels()"))
        .expectStatus()
        .isBadRequest();
    post(
            "/v1/db/query",
            carol.token(),
            Map.of("query", "MATCH (n) RETURN n", "params", Map.of("__vis", List.of())))
        .expectStatus()
        .isBadRequest();
    post("/v1/db/query", carol.token(), Map.of("query", "RETURN 1", "limit", 10_001))
        .expectStatus()
        .isBadRequest();
    post("/v1/db/query", carol.token(), Map.of("query", "RETURN 1 // " + "x".repeat(20_000)))
        .expectStatus()
        .isBadRequest();
    post("/v1/db/query", carol.token(), Map.of("params", Map.of()))
        .expectStatus()
        .isBadRequest();
    post("/v1/db/query", Map.of("query", "RETURN 1")).expectStatus().isUnauthorized();
    get("/v1/db/profile-objects/" + nId, carol.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.properties.given_names")
        .isEqualTo("Carol");
  }

  @Test
  @DisplayName(
      "rows stop at the limit with truncated: true; a read-only token may query; every query is audited")
  void limitScopeAudit() {
    User dave = newUser("dave-q");
    post(
            "/v1/db/query",
            dave.token(),
            Map.of("query", "UNWIND range(1, 50) AS i RETURN i", "limit", 7))
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.rows.length()")
        .isEqualTo(7)
        .jsonPath("$.truncated")
        .isEqualTo(true);
    String pat = (String) post(
            "/v1/auth/personal-access-tokens",
            dave.token(),
            Map.of("name", "analytics", "scopes", List.of("read"), "expires_in_days", 1))
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody()
        .get("token");
    post("/v1/db/query", pat, Map.of("query", "RETURN 2 AS two"))
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.rows[0][0]")
        .isEqualTo(2);
    post("/v1/db/query", dave.token(), Map.of("query", "CREATE (n)"))
        .expectStatus()
        .isBadRequest();
    get("/v1/audit/" + dave.uId(), dave.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$[0].event_type")
        .isEqualTo("query")
        .jsonPath("$[0].event.outcome")
        .isEqualTo("rejected")
        .jsonPath("$[0].event.query")
        .isEqualTo("CREATE (n)")
        .jsonPath("$[1].event.outcome")
        .isEqualTo("ok")
        .jsonPath("$[1].event.rows")
        .isEqualTo(1)
        .jsonPath("$[1].event.duration_ms")
        .isNumber()
        .jsonPath("$[2].event_type")
        .isEqualTo("personal_access_token_create")
        .jsonPath("$[3].event.rows")
        .isEqualTo(7);
  }

  @Test
  @DisplayName(
      "internal ids and Kith's own properties never come back; a row that could build billions of values"
          + " is refused before it runs")
  @SuppressWarnings("unchecked")
  void internalsAndRowBound() {
    User erin = newUser("erin-q");
    String nId = person(erin, "Erin");
    post("/v1/db/query", erin.token(), Map.of("query", "MATCH (n) RETURN id(n) AS i"))
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentType("application/problem+json")
        .expectBody()
        .jsonPath("$.detail")
        .value(d -> assertThat((String) d).contains("n.n_id"));
    post(
            "/v1/db/query",
            erin.token(),
            Map.of("query", "MATCH (n {n_id: $id}) RETURN n._json", "params", Map.of("id", nId)))
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentType("application/problem+json");
    post(
            "/v1/db/query",
            erin.token(),
            Map.of(
                "query", "MATCH (n {n_id: $id}) RETURN properties(n)", "params", Map.of("id", nId)))
        .expectStatus()
        .isBadRequest();
    Map<String, Object> keys = post(
            "/v1/db/query",
            erin.token(),
            Map.of(
                "query",
                "MATCH (n {n_id: $id}) RETURN keys(n) AS k, n AS node",
                "params",
                Map.of("id", nId)))
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    List<Object> row = ((List<List<Object>>) keys.get("rows")).get(0);
    assertThat((List<String>) row.get(0)).isNotEmpty().noneMatch(k -> k.startsWith("_"));
    assertThat(
            ((Map<String, Object>) ((Map<String, Object>) row.get(1)).get("properties")).keySet())
        .isNotEmpty()
        .noneMatch(k -> k.startsWith("_"));
    long started = System.nanoTime();
    post(
            "/v1/db/query",
            erin.token(),
            Map.of("query", "RETURN [x IN range(1, 1000000) | range(1, 1000000)] AS m"))
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentType("application/problem+json")
        .expectBody()
        .jsonPath("$.detail")
        .value(d -> assertThat((String) d).contains("one row of this query could build up to"));
    assertThat(java.time.Duration.ofNanos(System.nanoTime() - started))
        .isLessThan(java.time.Duration.ofSeconds(5));
  }
}
