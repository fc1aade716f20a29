package org.kith.api.org;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.api.KithIT;

@DisplayName("an organisation's address, typed as the reference types it")
class OrganisationAddressIT extends KithIT {
  @Test
  @DisplayName(
      "the address is an object {street1, street2, city, region, country}: stored trimmed, the country code"
          + " upper-cased, read back as given; a PUT without address keeps it")
  void typedAddress() {
    User admin = newUser("org-address");
    String orgId = (String) post(
            "/v1/org",
            admin.token(),
            Map.of(
                "name", "Trust trust",
                "email", "support@trust.example",
                "address",
                    Map.of(
                        "street1",
                        " 6 Trust Pl ",
                        "street2",
                        "Sunnyhills",
                        "city",
                        "Auckland",
                        "region",
                        "2010",
                        "country",
                        "nz")))
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody()
        .get("org_id");
    put("/v1/org/" + orgId, admin.token(), Map.of("name", "Trust Ltd"))
        .expectStatus()
        .isOk();

    get("/v1/org/" + orgId, admin.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.name")
        .isEqualTo("Trust Ltd")
        .jsonPath("$.address.street1")
        .isEqualTo("6 Trust Pl")
        .jsonPath("$.address.street2")
        .isEqualTo("Sunnyhills")
        .jsonPath("$.address.city")
        .isEqualTo("Auckland")
        .jsonPath("$.address.region")
        .isEqualTo("2010")
        .jsonPath("$.address.country")
        .isEqualTo("NZ");
  }

  @Test
  @DisplayName(
      "free text, an unknown country, an over-long part or an empty address is a 400 problem naming the part, and"
          + " changes nothing")
  void badAddresses() {
    User admin = newUser("org-address-bad");
    String orgId = organisation(admin.token(), "Kept", "kept@example.org");
    put(
            "/v1/org/" + orgId,
            admin.token(),
            Map.of("address", Map.of("city", "Wellington", "country", "NZ")))
        .expectStatus()
        .isOk();
    for (Object bad : new Object[] {
      "1 Road, Auckland",
      Map.of("city", "Auckland", "country", "XX"),
      Map.of("street1", "x".repeat(201)),
      Map.of()
    }) {
      put("/v1/org/" + orgId, admin.token(), Map.of("address", bad))
          .expectStatus()
          .isBadRequest()
          .expectHeader()
          .contentTypeCompatibleWith("application/problem+json");
    }
    put("/v1/org/" + orgId, admin.token(), Map.of("address", Map.of("country", "XX")))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.errors[0].path")
        .isEqualTo("address.country");
    get("/v1/org/" + orgId, admin.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.address.city")
        .isEqualTo("Wellington")
        .jsonPath("$.address.street1")
        .doesNotExist();
  }

  @Test
  @DisplayName(
      "an address an older version stored as free text is read as the address's first line")
  void legacyFreeText() {
    User admin = newUser("org-address-legacy");
    String orgId = organisation(admin.token(), "Older", "older@example.org");
    cypher(
        "MATCH (o:Organisation {org_id: $o}) SET o.address = '1 Old Road, Auckland'",
        Map.of("o", orgId));

    get("/v1/org/" + orgId, admin.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.address.street1")
        .isEqualTo("1 Old Road, Auckland")
        .jsonPath("$.address.country")
        .doesNotExist();
  }
}
