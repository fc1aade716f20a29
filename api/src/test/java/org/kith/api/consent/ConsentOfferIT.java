package org.kith.api.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.api.KithIT;

@DisplayName(
    "what a consent offers: the application's organisation, the data it asks for, only matching objects")
class ConsentOfferIT extends KithIT {

  @SuppressWarnings("unchecked")
  private Map<String, Object> body(
      org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec r) {
    return r.expectBody(Map.class).returnResult().getResponseBody();
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> list(
      org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec r) {
    return r.expectBody(List.class).returnResult().getResponseBody();
  }

  private String location(User owner) {
    return (String) list(post(
                "/v1/db/profile-objects",
                owner.token(),
                Map.of(
                    "schema",
                    "ss_ContactLocation",
                    "properties",
                    Map.of(
                        "location_type", "home",
                        "street1", "45 Cuba Street",
                        "city", "Wellington",
                        "country", "NZ")))
            .expectStatus()
            .isCreated())
        .get(0)
        .get("n_id");
  }

  private String app(User admin, Map<String, Object> fields) {
    return (String)
        body(post("/v1/aa/applications", admin.token(), fields).expectStatus().isCreated())
            .get("a_id");
  }

  @Test
  @DisplayName(
      "schema and OpenID scopes select the offered objects; sharing anything else is a 400 that creates nothing;"
          + " listings name the application and its organisation")
  @SuppressWarnings("unchecked")
  void offerAndCheck() {
    User bank = newUser("offer-bank");
    User person = newUser("offer-person");
    String orgId = (String) body(post(
                "/v1/org",
                bank.token(),
                Map.of("name", "Harbour Holdings", "email", "org@harbour.example"))
            .expectStatus()
            .isCreated())
        .get("org_id");
    String aId = app(
        bank,
        Map.of(
            "name",
            "Harbour Bank",
            "org_id",
            orgId,
            "scopes",
            List.of("kyc", "email", "ss_NZ_Person")));
    String details = person(person, "Aroha");
    String address = location(person);

    Map<String, Object> screen = body(get("/v1/aa/applications/" + aId + "/consent", person.token())
        .expectStatus()
        .isOk());
    assertThat(screen)
        .containsEntry("name", "Harbour Bank")
        .containsEntry("organisation", "Harbour Holdings")
        .containsEntry("requested_schemas", List.of("ss_NZ_Person"));
    assertThat((List<Map<String, Object>>) screen.get("candidates"))
        .extracting(c -> c.get("n_id"))
        .containsExactly(details);

    post(
            "/v1/aa/instances",
            person.token(),
            Map.of("a_id", aId, "profile_objects", List.of(details, address)))
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentType("application/problem+json")
        .expectBody()
        .jsonPath("$.errors[0].path")
        .isEqualTo("profile_objects")
        .jsonPath("$.detail")
        .value(d -> assertThat((String) d).contains(address).doesNotContain(details));
    assertThat(list(get("/v1/aa/instances", person.token()).expectStatus().isOk()))
        .isEmpty();

    String iId = (String) body(post(
                "/v1/aa/instances",
                person.token(),
                Map.of("a_id", aId, "profile_objects", List.of(details)))
            .expectStatus()
            .isCreated())
        .get("i_id");
    List<Map<String, Object>> mine =
        list(get("/v1/aa/instances", person.token()).expectStatus().isOk());
    assertThat(mine).hasSize(1);
    assertThat(mine.get(0))
        .containsEntry("i_id", iId)
        .containsEntry(
            "application", Map.of("name", "Harbour Bank", "organisation", "Harbour Holdings"));
    List<Map<String, Object>> shares =
        list(get("/v1/aa/profile-objects/" + details + "/shares", person.token())
            .expectStatus()
            .isOk());
    assertThat(shares).hasSize(1);
    assertThat(shares.get(0))
        .containsEntry("i_id", iId)
        .containsEntry("start_date", mine.get(0).get("start_date"))
        .containsEntry(
            "application", Map.of("name", "Harbour Bank", "organisation", "Harbour Holdings"));
    assertThat(list(get("/v1/aa/profile-objects/" + address + "/shares", person.token())
            .expectStatus()
            .isOk()))
        .isEmpty();
  }

  @Test
  @DisplayName(
      "an application whose scopes name no data is offered any shareable object, none of Kith's own, and may get"
          + " any (the contract's permissive default)")
  @SuppressWarnings("unchecked")
  void unrestricted() {
    User bank = newUser("open-bank");
    User person = newUser("open-person");
    String aId = app(bank, Map.of("name", "Open Bank", "scopes", List.of("kyc")));
    String details = person(person, "Mere");
    String address = location(person);
    Map<String, Object> screen = body(get("/v1/aa/applications/" + aId + "/consent", person.token())
        .expectStatus()
        .isOk());
    assertThat(screen)
        .containsEntry("requested_schemas", List.of())
        .containsEntry("organisation", null);
    assertThat((List<Map<String, Object>>) screen.get("candidates"))
        .extracting(c -> c.get("n_id"))
        .containsExactlyInAnyOrder(details, address);
    post(
            "/v1/aa/instances",
            person.token(),
            Map.of("a_id", aId, "profile_objects", List.of(details, address)))
        .expectStatus()
        .isCreated();
    // a stranger sees the consent screen with nothing of anyone else's offered
    assertThat((List<?>) body(get(
                    "/v1/aa/applications/" + aId + "/consent", newUser("open-x").token())
                .expectStatus()
                .isOk())
            .get("candidates"))
        .isEmpty();
  }
}
