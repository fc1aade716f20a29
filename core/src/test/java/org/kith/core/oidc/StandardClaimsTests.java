package org.kith.core.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.core.profile.ProfileObject;

@DisplayName("standard claims from shared profile objects")
class StandardClaimsTests {
  static ProfileObject object(String schema, Map<String, Object> properties) {
    return new ProfileObject(
        "n-" + schema, List.of(), schema, properties, null, Instant.EPOCH, Instant.EPOCH);
  }

  @Test
  @DisplayName(
      "an address without its optional lines (street2, region) is the claim, not a failure")
  void addressWithoutOptionalLines() {
    Map<String, Object> claims = StandardClaims.of(
        Set.of("openid", "address"),
        List.of(object(
            "ss_ContactLocation",
            Map.of(
                "location_type",
                "home",
                "street1",
                "12 Harbour View Road",
                "city",
                "Wellington",
                "country",
                "NZ"))));
    assertThat(claims)
        .containsEntry(
            "address",
            Map.of(
                "street_address",
                "12 Harbour View Road",
                "locality",
                "Wellington",
                "country",
                "NZ",
                "formatted",
                "12 Harbour View Road\nWellington\nNZ"));
  }

  @Test
  @DisplayName("only the claims of the granted scopes are read")
  void onlyGrantedScopes() {
    ProfileObject person = object(
        "ss_NZ_Person",
        Map.of("given_names", "Aroha", "family_name", "Ngata", "email", "aroha@example.org"));
    assertThat(StandardClaims.of(Set.of("openid", "email"), List.of(person)))
        .isEqualTo(Map.of("email", "aroha@example.org"));
    assertThat(StandardClaims.of(Set.of("openid", "profile"), List.of(person)))
        .isEqualTo(Map.of("given_name", "Aroha", "family_name", "Ngata"));
  }

  @Test
  @DisplayName(
      "one scope-to-schema mapping: every claim is read from the schema its scope maps to; schema scopes count")
  void oneMapping() {
    StandardClaims.SOURCES.forEach(source -> assertThat(source.schema())
        .as(source.claim())
        .isEqualTo(org.kith.core.consent.RequestedData.OPENID_SCOPES.get(source.scope())));
    assertThat(StandardClaims.schemasFor(Set.of("openid", "email", "address")))
        .containsExactly("ss_ContactLocation", "ss_NZ_Person");
    assertThat(org.kith.core.consent.RequestedData.schemasFor(
            List.of("kyc", "us_Pets", "profile", "openid")))
        .containsExactly("ss_NZ_Person", "us_Pets");
    assertThat(org.kith.core.consent.RequestedData.schemasFor(List.of("kyc", "read", "ss_")))
        .isEmpty();
    assertThat(org.kith.core.consent.RequestedData.offerable("ss_Verification")).isFalse();
    assertThat(org.kith.core.consent.RequestedData.offerable("ss_Clarity_Model_01"))
        .isFalse();
    assertThat(org.kith.core.consent.RequestedData.offerable("ss_NZ_Passport")).isTrue();
  }
}
