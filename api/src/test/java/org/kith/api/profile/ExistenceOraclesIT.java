package org.kith.api.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.api.KithIT;

/**
 * A caller who may not know that a permission or relationship exists gets, byte for byte, the answer for one that
 * never existed: ids taken from elsewhere (a log, a shared screen, a guess) confirm nothing.
 */
@DisplayName("no existence oracle in permission and relationship ids")
class ExistenceOraclesIT extends KithIT {

  /** A grant on the object alone (cascade false: a grant cascades to related objects by default). */
  private String grant(User owner, String nId, String uId, String permission) {
    Map<?, ?> r = post(
            "/v1/db/permissions/" + nId,
            owner.token(),
            Map.of("u_id", uId, "permission", permission, "cascade", false))
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    return (String) ((Map<?, ?>) ((List<?>) r.get("relationships")).get(0)).get("p_id");
  }

  @Test
  @DisplayName(
      "revoking another's grant: hidden and never-existing ids answer alike; the holder and admins still can")
  void permissions() {
    User owner = newUser("eo-owner");
    User viewer = newUser("eo-viewer");
    User editor = newUser("eo-editor");
    User stranger = newUser("eo-stranger");
    String a = person(owner, "A");
    String viewerGrant = grant(owner, a, viewer.uId(), "VIEWS");
    grant(owner, a, editor.uId(), "EDITS");
    String missing = UUID.randomUUID().toString();

    String never = notFound(delete("/v1/db/permissions/" + missing, stranger.token()), missing);
    assertThat(notFound(delete("/v1/db/permissions/" + viewerGrant, stranger.token()), viewerGrant))
        .isEqualTo(never);
    // the editor sees the object but cannot list its grants
    assertThat(notFound(delete("/v1/db/permissions/" + viewerGrant, editor.token()), viewerGrant))
        .isEqualTo(never);
    get("/v1/db/profile-objects/" + a, viewer.token()).expectStatus().isOk();
    // the holder may give its own grant up
    delete("/v1/db/permissions/" + viewerGrant, viewer.token()).expectStatus().isNoContent();
    get("/v1/db/profile-objects/" + a, viewer.token()).expectStatus().isNotFound();
  }

  @Test
  @DisplayName(
      "removing a relationship: known only to who sees both ends; 403 for a viewer of both")
  void relationships() {
    User owner = newUser("eo-rel-owner");
    User halfViewer = newUser("eo-rel-half");
    User viewer = newUser("eo-rel-viewer");
    User stranger = newUser("eo-rel-stranger");
    String a = person(owner, "A");
    String b = person(owner, "B");
    String pId = (String)
        post("/v1/db/relationships", owner.token(), Map.of("from", a, "to", b, "type", "KNOWS"))
            .expectStatus()
            .isCreated()
            .expectBody(Map.class)
            .returnResult()
            .getResponseBody()
            .get("p_id");
    assertThat(pId).isNotBlank();
    grant(owner, a, halfViewer.uId(), "VIEWS");
    grant(owner, a, viewer.uId(), "VIEWS");
    grant(owner, b, viewer.uId(), "VIEWS");
    String missing = UUID.randomUUID().toString();

    String never = notFound(delete("/v1/db/relationships/" + missing, stranger.token()), missing);
    assertThat(notFound(delete("/v1/db/relationships/" + pId, stranger.token()), pId))
        .isEqualTo(never);
    assertThat(notFound(delete("/v1/db/relationships/" + pId, halfViewer.token()), pId))
        .isEqualTo(never);
    delete("/v1/db/relationships/" + pId, viewer.token()).expectStatus().isForbidden();
    delete("/v1/db/relationships/" + pId, owner.token()).expectStatus().isNoContent();
    assertThat(notFound(delete("/v1/db/relationships/" + pId, owner.token()), pId))
        .isEqualTo(never);
  }
}
