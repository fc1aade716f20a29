package org.kith.core.authz;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The authorization model, declared once")
class AuthorizationModelTests {
  private final AuthorizationModel model = AuthorizationModel.KITH;

  @Test
  @DisplayName("grant levels nest: owner ⊃ admins ⊃ edits ⊃ views")
  void levelsNest() {
    assertThat(model.grantTypes()).containsExactly("IS_OWNER", "ADMINS", "EDITS", "VIEWS");
    assertThat(model.grantTypesIncluding(Permission.VIEWS))
        .containsExactly("IS_OWNER", "ADMINS", "EDITS", "VIEWS");
    assertThat(model.grantTypesIncluding(Permission.ADMINS)).containsExactly("IS_OWNER", "ADMINS");
    assertThat(model.grantTypesFor(model.sharerNeeds())).containsExactly("IS_OWNER", "ADMINS");
    assertThat(model.grantPattern()).isEqualTo("IS_OWNER|ADMINS|EDITS|VIEWS");
  }

  @Test
  @DisplayName("prints as a SpiceDB-style schema")
  void notation() {
    assertThat(model.notation())
        .contains("definition profile_object {\n  relation IS_OWNER: user\n"
            + "  relation ADMINS: user | group#member | group:PUBLIC\n")
        .contains("  permission administer = own + ADMINS + parent->cascading(ADMINS)\n")
        .contains("  permission view = edit + VIEWS + parent->cascading(VIEWS)\n")
        .contains("  permission expose = active & SHARES & owner_u_id->administer\n")
        .contains("  permission member = admin + MEMBER_OF\n");
  }

  @Test
  @DisplayName("names every relationship type that decides access, once")
  void accessTypes() {
    assertThat(model.accessRelationshipTypes())
        .containsExactlyInAnyOrder(
            "IS_OWNER",
            "ADMINS",
            "EDITS",
            "VIEWS",
            "BELONGS_TO",
            "SHARES",
            "WITH",
            "ADMIN_OF",
            "MEMBER_OF")
        .doesNotHaveDuplicates();
    assertThat(model.rolePattern(AuthorizationModel.ORGANISATION)).isEqualTo("ADMIN_OF|MEMBER_OF");
    assertThat(model.roleRelation(AuthorizationModel.ORGANISATION, AuthorizationModel.ORG_ADMIN))
        .isEqualTo("ADMIN_OF");
    assertThat(model.roleRelation(AuthorizationModel.ORGANISATION, AuthorizationModel.ORG_MEMBER))
        .isEqualTo("MEMBER_OF");
  }
}
