package org.kith.api.clarity;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.api.KithIT;
import org.kith.extraction.clarity.SyntheticCards;
import org.kith.extraction.clarity.SyntheticPassports;

@DisplayName(
    "shipped Clarity models: a fresh install reads a driver licence and a passport without training")
class ShippedModelsIT extends KithIT {
  static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> extractVerify(User user, BufferedImage photo, String schemaName) {
    return (Map<String, Object>) ((Map<String, Object>) post(
                "/v1/clarity/extract-verify",
                user.token(),
                Map.of(
                    "form_data",
                    List.of(b64(SyntheticCards.jpeg(photo, 0.85f))),
                    "schema_name",
                    schemaName))
            .expectStatus()
            .isOk()
            .expectBody(Map.class)
            .returnResult()
            .getResponseBody()
            .get("data"))
        .get("document_data");
  }

  @SuppressWarnings("unchecked")
  List<Map<String, Object>> visibleModels(User user) {
    return (List<Map<String, Object>>)
        get("/v1/db/profile-objects?label=ss_Clarity_Model_01", user.token())
            .expectStatus()
            .isOk()
            .expectBody(Map.class)
            .returnResult()
            .getResponseBody()
            .get("profile_objects");
  }

  @Test
  @DisplayName(
      "a new user, who trained nothing, sees the shipped models as viewer and may not change them")
  @SuppressWarnings("unchecked")
  void shippedModelsArePublic() {
    User user = newUser("shipped-view");
    List<Map<String, Object>> models = visibleModels(user);
    assertThat(models)
        .extracting(m -> ((Map<String, Object>) m.get("properties")).get("name"))
        .contains("KITH_NZ_DL_FRONT", "KITH_PASSPORT_TD3");
    Map<String, Object> dl = models.stream()
        .filter(
            m -> "KITH_NZ_DL_FRONT".equals(((Map<String, Object>) m.get("properties")).get("name")))
        .findFirst()
        .orElseThrow();
    assertThat(dl).containsEntry("permission", "VIEWS");
    Map<String, Object> changed = new LinkedHashMap<>((Map<String, Object>) dl.get("properties"));
    changed.put("anchor_a", "SOMETHING ELSE");
    assertThat(put(
                "/v1/db/profile-objects/" + dl.get("n_id"),
                user.token(),
                Map.of("properties", changed))
            .returnResult(Void.class)
            .getStatus()
            .is4xxClientError())
        .isTrue();
    assertThat(delete("/v1/db/profile-objects/" + dl.get("n_id"), user.token())
            .returnResult(Void.class)
            .getStatus()
            .is4xxClientError())
        .isTrue();
  }

  @Test
  @DisplayName("extract-verify reads a photographed NZ driver licence with no model trained")
  void readsADriverLicence() {
    User user = newUser("shipped-dl");
    SyntheticCards.Person person = SyntheticCards.person(17);
    BufferedImage photo =
        SyntheticCards.photograph(SyntheticCards.card(person), 0.9, 2.5, 20, -10, 3, 17);
    assertThat(extractVerify(user, photo, "ss_NZ_DriverLicence"))
        .containsAllEntriesOf(person.fields());
  }

  @Test
  @DisplayName(
      "extract-verify reads a photographed passport data page's printed fields with no model trained")
  void readsAPassport() {
    User user = newUser("shipped-passport");
    // a number without letters that print like digits (O, I): the schema's pattern allows letters
    // and digits
    // anywhere, so such a letter read as a digit cannot be repaired (bench/clarity.sh shipped
    // counts how often)
    SyntheticPassports.Holder holder = SyntheticPassports.holder(2);
    BufferedImage photo =
        SyntheticCards.photograph(SyntheticPassports.page(holder), 0.85, -2, -15, 10, 3, 23);
    assertThat(extractVerify(user, photo, "ss_NZ_Passport")).containsAllEntriesOf(holder.fields());
  }

  @org.springframework.beans.factory.annotation.Autowired
  org.kith.core.profile.ProfileService profiles;

  @org.springframework.beans.factory.annotation.Autowired
  org.kith.core.profile.PermissionService permissions;

  @Test
  @DisplayName(
      "a new shipped version replaces the stored one in place; unchanged, nothing is stored; others' models stay")
  @SuppressWarnings("unchecked")
  void upgradeReplacesOnlyTheShippedModel() {
    // reading models are system records: only an administrator stores one of their own
    User admin = admin();
    List<ShippedModels.Shipped> shipped =
        ShippedModels.read(new com.fasterxml.jackson.databind.ObjectMapper());
    // someone's own model under the same name, shared with everyone
    Map<String, Object> own = new LinkedHashMap<>(shipped.get(0).properties());
    own.put("description", "trained by an administrator");
    String ownId = (String) ((Map<String, Object>) post(
                "/v1/db/profile-objects",
                admin.token(),
                Map.of("schema", "ss_Clarity_Model_01", "properties", own))
            .expectStatus()
            .isCreated()
            .expectBody(List.class)
            .returnResult()
            .getResponseBody()
            .get(0))
        .get("n_id");
    post(
            "/v1/db/permissions/" + ownId,
            admin.token(),
            Map.of("g_id", "PUBLIC", "permission", "VIEWS"))
        .expectStatus()
        .isOk();
    assertThat(ShippedModels.install(profiles, permissions, shipped).block()).isZero();
    Map<String, Object> next = new LinkedHashMap<>(shipped.get(0).properties());
    next.put("description", "version 2");
    List<ShippedModels.Shipped> upgraded = new java.util.ArrayList<>(shipped);
    upgraded.set(0, new ShippedModels.Shipped(2, shipped.get(0).schemaName(), next));
    String before = shippedId(admin, shipped.get(0).properties().get("name"));
    assertThat(ShippedModels.install(profiles, permissions, upgraded).block()).isEqualTo(1L);
    assertThat(shippedId(admin, next.get("name"))).isEqualTo(before);
    assertThat(descriptionOf(admin, before)).isEqualTo("version 2");
    assertThat(ShippedModels.install(profiles, permissions, shipped).block()).isEqualTo(1L);
    assertThat(descriptionOf(admin, before))
        .isEqualTo(shipped.get(0).properties().get("description"));
    assertThat(descriptionOf(admin, ownId)).isEqualTo("trained by an administrator");
  }

  @SuppressWarnings("unchecked")
  private String shippedId(User user, Object name) {
    return (String) visibleModels(user).stream()
        .filter(m -> name.equals(((Map<String, Object>) m.get("properties")).get("name")))
        .filter(m -> "VIEWS".equals(m.get("permission")))
        .findFirst()
        .orElseThrow()
        .get("n_id");
  }

  @SuppressWarnings("unchecked")
  private Object descriptionOf(User user, String nId) {
    return visibleModels(user).stream()
        .filter(m -> nId.equals(m.get("n_id")))
        .map(m -> ((Map<String, Object>) m.get("properties")).get("description"))
        .findFirst()
        .orElseThrow();
  }
}
