package org.kith.api.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.api.KithIT;

@DisplayName("/v1/aa: applications and consent")
class ConsentIT extends KithIT {
  private static final List<Map<String, Object>> TRANSITIONS = List.of(
      Map.of(
          "state",
          "Submitted",
          "next_states",
          List.of(Map.of("state", "Processing"), Map.of("state", "Rejected"))),
      Map.of("state", "Processing", "next_states", List.of(Map.of("state", "Approved"))));

  @SuppressWarnings("unchecked")
  private Map<String, Object> createApp(User admin) {
    return post(
            "/v1/aa/applications",
            admin.token(),
            Map.of(
                "name",
                "Acme Bank",
                "scopes",
                List.of("kyc"),
                "callback_uri",
                List.of("https://acme.example/callback"),
                "transitions",
                TRANSITIONS,
                "generate_secret",
                true))
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
  }

  private String document(User owner, String text) {
    Map<?, ?> created = (Map<?, ?>) post(
            "/v1/db/profile-objects",
            owner.token(),
            Map.of(
                "schema",
                "ss_NZ_Person",
                "properties",
                Map.of(
                    "given_names", "Doc", "family_name", "Holder", "date_of_birth", "1990-01-02"),
                "document",
                Map.of(
                    "content",
                    Base64.getEncoder().encodeToString(text.getBytes()),
                    "type",
                    "text/plain")))
        .expectStatus()
        .isCreated()
        .expectBody(List.class)
        .returnResult()
        .getResponseBody()
        .get(0);
    return (String) created.get("n_id");
  }

  @Test
  @DisplayName(
      "share → inbox → read → illegal move 409 → legal moves → withdraw → every recipient read fails")
  void journey() {
    User bank = newUser("bank");
    User person = newUser("person");
    User stranger = newUser("stranger");
    Map<String, Object> app = createApp(bank);
    String aId = (String) app.get("a_id");
    assertThat((String) app.get("key")).startsWith("kith_app_");
    assertThat((String) app.get("secret")).isNotBlank();
    get("/v1/aa/applications/" + aId, bank.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.secret")
        .doesNotExist()
        .jsonPath("$.name")
        .isEqualTo("Acme Bank");
    get("/v1/aa/applications/" + aId, stranger.token()).expectStatus().isNotFound();

    String shared = document(person, "passport scan");
    String notShared = person(person, "Private");
    Map<?, ?> instance = post(
            "/v1/aa/instances",
            person.token(),
            Map.of("a_id", aId, "profile_objects", List.of(shared), "reference", "loan-42"))
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    String iId = (String) instance.get("i_id");
    assertThat(instance.get("_state")).isEqualTo("Submitted");
    assertThat((String) instance.get("confirmation_code")).hasSize(8);

    get("/v1/aa/applications/" + aId + "/instances", bank.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$[0].i_id")
        .isEqualTo(iId)
        .jsonPath("$[0].reference")
        .isEqualTo("loan-42");
    get("/v1/aa/applications/" + aId + "/instances", stranger.token())
        .expectStatus()
        .isNotFound();
    get("/v1/aa/instances", person.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$[0].i_id")
        .isEqualTo(iId);
    get("/v1/aa/instances/" + iId, bank.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.profile_objects.length()")
        .isEqualTo(1)
        .jsonPath("$.profile_objects[0].n_id")
        .isEqualTo(shared);
    get("/v1/aa/instances/" + iId + "/profile-objects/" + shared + "/content", bank.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.content")
        .isEqualTo(Base64.getEncoder().encodeToString("passport scan".getBytes()));
    get("/v1/aa/instances/" + iId + "/profile-objects/" + notShared + "/content", bank.token())
        .expectStatus()
        .isNotFound();
    get("/v1/db/profile-objects/" + shared, bank.token()).expectStatus().isNotFound();
    get("/v1/aa/instances/" + iId, stranger.token()).expectStatus().isNotFound();

    put("/v1/aa/instances/" + iId, bank.token(), Map.of("_state", "Approved"))
        .expectStatus()
        .isEqualTo(409)
        .expectHeader()
        .contentType("application/problem+json");
    put("/v1/aa/instances/" + iId, person.token(), Map.of("_state", "Processing"))
        .expectStatus()
        .isForbidden();
    put(
            "/v1/aa/instances/" + iId,
            bank.token(),
            Map.of("_state", "Processing", "custom", Map.of("note", "ok")))
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$._state")
        .isEqualTo("Processing")
        .jsonPath("$.custom.note")
        .isEqualTo("ok");
    get("/v1/aa/profile-objects/" + shared + "/shares", person.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$[0].i_id")
        .isEqualTo(iId)
        .jsonPath("$[0]._state")
        .isEqualTo("Processing");

    delete("/v1/aa/instances/" + iId, bank.token()).expectStatus().isForbidden();
    delete("/v1/aa/instances/" + iId, person.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$._state")
        .isEqualTo("Withdrawn");
    get("/v1/aa/instances/" + iId + "/profile-objects/" + shared + "/content", bank.token())
        .expectStatus()
        .isNotFound();
    get("/v1/aa/instances/" + iId, bank.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$._state")
        .isEqualTo("Withdrawn")
        .jsonPath("$.profile_objects.length()")
        .isEqualTo(0);
    put("/v1/aa/instances/" + iId, bank.token(), Map.of("_state", "Approved"))
        .expectStatus()
        .isEqualTo(409);
    get("/v1/audit/" + iId, person.token())
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals("Kith-Audit-Chain", "valid")
        .expectBody()
        .jsonPath("$[?(@.event_type == 'instance_share')]")
        .exists()
        .jsonPath("$[?(@.event_type == 'instance_read')]")
        .exists()
        .jsonPath("$[?(@.event_type == 'instance_content_read')]")
        .exists()
        .jsonPath("$[?(@.event_type == 'instance_transition')]")
        .exists()
        .jsonPath("$[?(@.event_type == 'instance_withdraw')]")
        .exists();
    get("/v1/audit/" + iId, bank.token()).expectStatus().isOk();
    get("/v1/audit/" + iId, stranger.token()).expectStatus().isNotFound();
  }

  @Test
  @DisplayName(
      "listings filter by state and dates; consent ends by itself at end_date; a date-time without a zone, as"
          + " the reference writes them, is read as UTC")
  void filtersAndExpiry() throws InterruptedException {
    User bank = newUser("bank4");
    User person = newUser("person4");
    String aId = (String) createApp(bank).get("a_id");
    String first = (String) post(
            "/v1/aa/instances",
            person.token(),
            Map.of("a_id", aId, "profile_objects", List.of(person(person, "One"))))
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody()
        .get("i_id");
    String soonZ = java.time.Instant.now().plusSeconds(3).toString();
    String soon = soonZ.substring(0, soonZ.length() - 1); // the reference's form: no zone
    String expiring = (String) post(
            "/v1/aa/instances",
            person.token(),
            Map.of(
                "a_id", aId, "profile_objects", List.of(person(person, "Two")), "end_date", soon))
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody()
        .get("i_id");
    put("/v1/aa/instances/" + first, bank.token(), Map.of("_state", "Processing"))
        .expectStatus()
        .isOk();
    get("/v1/aa/applications/" + aId + "/instances?state=Processing", bank.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.length()")
        .isEqualTo(1)
        .jsonPath("$[0].i_id")
        .isEqualTo(first);
    String yesterday =
        "{\"date\":\"" + java.time.Instant.now().minusSeconds(86_400) + "\",\"op\":\"gte\"}";
    http.get()
        .uri("/v1/aa/instances?start_date={f}", yesterday)
        .headers(h -> h.setBearerAuth(person.token()))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.length()")
        .isEqualTo(2);
    http.get()
        .uri("/v1/aa/instances?end_date={f}", "{\"date\":\"" + soon + "\",\"op\":\"eq\"}")
        .headers(h -> h.setBearerAuth(person.token()))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.length()")
        .isEqualTo(1)
        .jsonPath("$[0].i_id")
        .isEqualTo(expiring)
        .jsonPath("$[0].end_date")
        .isEqualTo(soonZ);
    http.get()
        .uri("/v1/aa/instances?start_date={f}", "{\"op\":\"gt\"}")
        .headers(h -> h.setBearerAuth(person.token()))
        .exchange()
        .expectStatus()
        .isBadRequest();
    get("/v1/aa/instances/" + expiring, bank.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.profile_objects.length()")
        .isEqualTo(1);
    Thread.sleep(3_500);
    get("/v1/aa/instances/" + expiring, bank.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.profile_objects.length()")
        .isEqualTo(0);
    put("/v1/aa/instances/" + expiring, bank.token(), Map.of("_state", "Processing"))
        .expectStatus()
        .isEqualTo(409);
    post(
            "/v1/aa/instances",
            person.token(),
            Map.of(
                "a_id",
                aId,
                "profile_objects",
                List.of(person(person, "Three")),
                "end_date",
                "2000-01-01"))
        .expectStatus()
        .isBadRequest();
  }
}
