package org.kith.api.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.api.KithIT;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

@DisplayName(
    "listings of instances, applications and schemas, and audit trails, page with a cursor")
class ListPagingIT extends KithIT {
  private String app(User admin) {
    return (String) post("/v1/aa/applications", admin.token(), Map.of("name", "Paged"))
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody()
        .get("a_id");
  }

  private String share(User person, String aId) {
    return (String) post(
            "/v1/aa/instances",
            person.token(),
            Map.of("a_id", aId, "profile_objects", List.of(person(person, "Paged"))))
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody()
        .get("i_id");
  }

  /**
   * Every page from {@code first}, following Link rel=next; {@code between} runs after the first page. Each page
   * holds at most 2 and only the last has no next link.
   */
  private List<String> walk(String first, String token, Runnable between) {
    return walk(first, token, "i_id", between);
  }

  private List<String> walk(String first, String token, String field, Runnable between) {
    List<String> seen = new ArrayList<>();
    String next = first;
    int pages = 0;
    while (next != null) {
      EntityExchangeResult<List<Map<String, Object>>> page = get(next, token)
          .expectStatus()
          .isOk()
          .expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {})
          .returnResult();
      List<Map<String, Object>> body = page.getResponseBody();
      assertThat(body).hasSizeLessThanOrEqualTo(2);
      body.forEach(i -> seen.add(String.valueOf(i.get(field))));
      String link = page.getResponseHeaders().getFirst("Link");
      if (link == null) {
        assertThat(page.getResponseHeaders().getFirst("Kith-Next-Cursor")).isNull();
        next = null;
      } else {
        assertThat(link).startsWith("</v1/").endsWith(">; rel=\"next\"").contains("limit=2");
        assertThat(link).contains(page.getResponseHeaders().getFirst("Kith-Next-Cursor"));
        next = link.substring(1, link.indexOf('>'));
      }
      if (pages++ == 0) {
        between.run();
      }
      assertThat(pages).isLessThan(20);
    }
    return seen;
  }

  @Test
  @DisplayName(
      "mine and an application's inbox come in pages that cover every instance once, newest first, while more"
          + " are shared during the walk; a bad cursor is a 400")
  void pages() {
    User bank = newUser("pg-bank");
    User person = newUser("pg-person");
    String aId = app(bank);
    List<String> made = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      made.add(share(person, aId));
    }
    List<String> late = new ArrayList<>();
    List<String> mine =
        walk("/v1/aa/instances?limit=2", person.token(), () -> late.add(share(person, aId)));
    assertThat(mine).doesNotHaveDuplicates().containsAll(made).doesNotContain(late.get(0));
    assertThat(mine).hasSize(5);
    List<String> inbox = walk(
        "/v1/aa/applications/" + aId + "/instances?limit=2",
        bank.token(),
        () -> late.add(share(person, aId)));
    assertThat(inbox).doesNotHaveDuplicates().containsAll(made).contains(late.get(0));
    assertThat(inbox).hasSize(6);
    get("/v1/aa/instances?limit=1000", person.token())
        .expectStatus()
        .isOk()
        .expectHeader()
        .doesNotExist("Link")
        .expectBody()
        .jsonPath("$.length()")
        .isEqualTo(7);
    for (String bad : List.of("nope", "W10", "WyJ4IiwieSJd", "x".repeat(2000))) {
      get("/v1/aa/instances?cursor=" + bad, person.token())
          .expectStatus()
          .isBadRequest()
          .expectHeader()
          .contentType("application/problem+json");
    }
  }

  @Test
  @DisplayName(
      "an audit trail pages newest first: every event once, events appended during the walk not mixed in,"
          + " the chain's verdict on every page")
  void auditTrail() {
    User person = newUser("pg-audit");
    String nId = person(person, "Audited");
    Runnable update = () -> put(
            "/v1/db/profile-objects/" + nId,
            person.token(),
            Map.of(
                "properties",
                Map.of(
                    "given_names",
                    "Again",
                    "family_name",
                    "Tester",
                    "date_of_birth",
                    "1990-01-02")))
        .expectStatus()
        .isOk();
    for (int i = 0; i < 4; i++) {
      update.run();
    }
    List<String> seqs = walk("/v1/audit/" + nId + "?limit=2", person.token(), "seq", update);
    assertThat(seqs).containsExactly("5", "4", "3", "2", "1");
    get("/v1/audit/" + nId + "?limit=2", person.token())
        .expectHeader()
        .valueEquals("Kith-Audit-Chain", "valid")
        .expectBody()
        .jsonPath("$[0].seq")
        .isEqualTo(6);
    get("/v1/audit/" + nId + "?cursor=WyJ4Il0", person.token()).expectStatus().isBadRequest();
  }

  @Test
  @DisplayName(
      "the applications one administers page by name; one made during the walk does not disturb it")
  void applications() {
    User bank = newUser("pg-apps");
    List<String> made = new ArrayList<>();
    for (String name : List.of("Bravo", "Alpha", "Charlie", "Alpha")) {
      made.add((String) post("/v1/aa/applications", bank.token(), Map.of("name", name))
          .expectStatus()
          .isCreated()
          .expectBody(Map.class)
          .returnResult()
          .getResponseBody()
          .get("a_id"));
    }
    List<String> late = new ArrayList<>();
    List<String> seen =
        walk("/v1/aa/applications?limit=2", bank.token(), "a_id", () -> late.add(app(bank)));
    assertThat(seen).doesNotHaveDuplicates().containsAll(made);
    assertThat(seen).hasSize(5); // "Paged" sorts after the first page, so the walk meets it
    assertThat(walk(
            "/v1/aa/users/" + bank.uId() + "/applications?limit=2", bank.token(), "a_id", () -> {}))
        .hasSize(5);
  }

  @Test
  @DisplayName(
      "the schema list pages by name and version: next_cursor and Link rel=next agree, and the pages together are"
          + " the whole list")
  @SuppressWarnings("unchecked")
  void schemas() {
    User u = newUser("pg-schemas");
    List<String> whole = new ArrayList<>();
    ((List<Map<String, Object>>) get("/v1/db/schemas?schema_type=ss&limit=1000", u.token())
            .expectStatus()
            .isOk()
            .expectBody(Map.class)
            .returnResult()
            .getResponseBody()
            .get("schemas"))
        .forEach(s -> whole.add(s.get("name") + "@" + s.get("version")));
    assertThat(whole).hasSizeGreaterThan(3);
    List<String> paged = new ArrayList<>();
    String next = "/v1/db/schemas?schema_type=ss&limit=3";
    for (int pages = 0; next != null; pages++) {
      assertThat(pages).isLessThan(1000);
      var page =
          get(next, u.token()).expectStatus().isOk().expectBody(Map.class).returnResult();
      Map<String, Object> body = page.getResponseBody();
      List<Map<String, Object>> schemas = (List<Map<String, Object>>) body.get("schemas");
      assertThat(schemas).hasSizeLessThanOrEqualTo(3);
      schemas.forEach(s -> paged.add(s.get("name") + "@" + s.get("version")));
      String link = page.getResponseHeaders().getFirst("Link");
      assertThat(link == null).isEqualTo(body.get("next_cursor") == null);
      next = link == null ? null : link.substring(1, link.indexOf('>'));
      if (link != null) {
        assertThat(link).contains((String) body.get("next_cursor"));
      }
    }
    assertThat(paged).isEqualTo(whole);
  }

  @Test
  @DisplayName(
      "the groups one belongs to page by name: next_cursor and Link rel=next, every group once")
  @SuppressWarnings("unchecked")
  void groups() {
    User owner = newUser("pg-gowner");
    User member = newUser("pg-gmember");
    List<String> made = new ArrayList<>();
    for (String name : List.of("beta", "alpha", "gamma", "alpha")) {
      String g = group(owner, name);
      post("/v1/db/groups/" + g + "/users", owner.token(), Map.of("u_id", member.uId()))
          .expectStatus()
          .isNoContent();
      made.add(g);
    }
    List<String> seen = new ArrayList<>();
    String next = "/v1/db/groups?limit=3";
    while (next != null) {
      var page =
          get(next, member.token()).expectStatus().isOk().expectBody(Map.class).returnResult();
      Map<String, Object> body = page.getResponseBody();
      ((List<Map<String, Object>>) body.get("groups"))
          .forEach(g -> seen.add((String) g.get("g_id")));
      String link = page.getResponseHeaders().getFirst("Link");
      assertThat(link == null).isEqualTo(body.get("next_cursor") == null);
      next = link == null ? null : link.substring(1, link.indexOf('>'));
      assertThat(seen.size()).isLessThanOrEqualTo(4);
    }
    assertThat(seen).hasSize(4).containsExactlyInAnyOrderElementsOf(made);
  }
}
