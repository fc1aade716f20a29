package org.kith.api.profile;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.api.KithIT;

@DisplayName("groups: members, owners, nesting")
class GroupsIT extends KithIT {
  @Test
  @DisplayName(
      "group owners manage members and transfer; members leave; deleting ends the group's grants")
  void groups() {
    User own = newUser("gown");
    User mem = newUser("gmem");
    User next = newUser("gnext");
    String g = group(own, "team");
    post("/v1/db/groups/" + g + "/users", own.token(), Map.of("u_id", mem.uId()))
        .expectStatus()
        .isNoContent();
    get("/v1/db/groups", mem.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.groups[0].g_id")
        .isEqualTo(g);
    get("/v1/auth/me", mem.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.groups[0]")
        .isEqualTo(g);
    get("/v1/db/groups/" + g + "/users", mem.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.users.length()")
        .isEqualTo(2);
    delete("/v1/db/groups/" + g + "/users/" + mem.uId(), mem.token())
        .expectStatus()
        .isNoContent();
    get("/v1/db/groups/" + g + "/users", mem.token()).expectStatus().isNotFound();
    delete("/v1/db/groups/" + g + "/users/" + own.uId(), own.token())
        .expectStatus()
        .isEqualTo(409);
    put("/v1/db/groups/" + g + "/owner", own.token(), Map.of("u_id", next.uId()))
        .expectStatus()
        .isNoContent();
    post("/v1/db/groups/" + g + "/users", own.token(), Map.of("u_id", mem.uId()))
        .expectStatus()
        .isForbidden();
    post("/v1/db/groups/" + g + "/users", next.token(), Map.of("u_id", mem.uId()))
        .expectStatus()
        .isNoContent();
    get("/v1/db/groups/PUBLIC/users", own.token()).expectStatus().isForbidden();
    delete("/v1/db/groups/PUBLIC", own.token()).expectStatus().isForbidden();
  }

  @Test
  @DisplayName(
      "nested groups: members of a nested group hold the outer group's grants, up to 4 levels, no cycles")
  void nestedGroups() {
    User lead = newUser("nlead");
    User team = newUser("nteam");
    User dev = newUser("ndev");
    User stranger = newUser("nstranger");
    String dept = group(lead, "department");
    String squad = group(team, "squad");
    String pair = group(team, "pair");
    post("/v1/db/groups/" + pair + "/users", team.token(), Map.of("u_id", dev.uId()))
        .expectStatus()
        .isNoContent();
    String doc = person(lead, "Department handbook");
    post("/v1/db/permissions/" + doc, lead.token(), Map.of("g_id", dept, "permission", "VIEWS"))
        .expectStatus()
        .isOk();
    get("/v1/db/profile-objects/" + doc, dev.token()).expectStatus().isNotFound();
    // the outer group's owner may only nest a group it knows: one it belongs to
    post("/v1/db/groups/" + dept + "/groups", lead.token(), Map.of("g_id", squad))
        .expectStatus()
        .isNotFound();
    post("/v1/db/groups/" + squad + "/users", team.token(), Map.of("u_id", lead.uId()))
        .expectStatus()
        .isNoContent();
    post("/v1/db/groups/" + dept + "/groups", team.token(), Map.of("g_id", squad))
        .expectStatus()
        .isNotFound();
    post("/v1/db/groups/" + dept + "/groups", lead.token(), Map.of("g_id", squad))
        .expectStatus()
        .isNoContent();
    post("/v1/db/groups/" + dept + "/groups", lead.token(), Map.of("g_id", squad))
        .expectStatus()
        .isNoContent();
    post("/v1/db/groups/" + squad + "/groups", team.token(), Map.of("g_id", pair))
        .expectStatus()
        .isNoContent();
    // dev belongs to pair ⊂ squad ⊂ department: reads the department's object, sees where the
    // membership comes from
    get("/v1/db/profile-objects/" + doc, dev.token()).expectStatus().isOk();
    get("/v1/db/groups", dev.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.groups[?(@.g_id == '" + dept + "')].direct")
        .isEqualTo(false)
        .jsonPath("$.groups[?(@.g_id == '" + pair + "')].direct")
        .isEqualTo(true)
        .jsonPath("$.groups.length()")
        .isEqualTo(3);
    get("/v1/auth/me", dev.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.groups.length()")
        .isEqualTo(3);
    get("/v1/db/groups/" + dept + "/users", dev.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.groups[0]")
        .isEqualTo(squad)
        .jsonPath("$.users.length()")
        .isEqualTo(1);
    get("/v1/db/groups/" + dept + "/groups", stranger.token()).expectStatus().isNotFound();
    // no cycles, not itself, not PUBLIC, not deeper than 4 group-in-group hops
    post("/v1/db/groups/" + pair + "/groups", team.token(), Map.of("g_id", dept))
        .expectStatus()
        .isEqualTo(409);
    post("/v1/db/groups/" + squad + "/groups", team.token(), Map.of("g_id", squad))
        .expectStatus()
        .isEqualTo(409);
    post("/v1/db/groups/" + squad + "/groups", team.token(), Map.of("g_id", "PUBLIC"))
        .expectStatus()
        .isForbidden();
    String level3 = group(team, "level 3");
    String level4 = group(team, "level 4");
    String level5 = group(team, "level 5");
    post("/v1/db/groups/" + pair + "/groups", team.token(), Map.of("g_id", level3))
        .expectStatus()
        .isNoContent();
    post("/v1/db/groups/" + level3 + "/groups", team.token(), Map.of("g_id", level4))
        .expectStatus()
        .isNoContent();
    post("/v1/db/groups/" + level4 + "/groups", team.token(), Map.of("g_id", level5))
        .expectStatus()
        .isEqualTo(409);
    // a member at the deepest allowed level (4 hops below the department) still holds its grant
    User deep = newUser("ndeep");
    post("/v1/db/groups/" + level4 + "/users", team.token(), Map.of("u_id", deep.uId()))
        .expectStatus()
        .isNoContent();
    get("/v1/db/profile-objects/" + doc, deep.token()).expectStatus().isOk();
    // only an owner of either group takes a nested group out; then its members lose the outer
    // group's grants
    delete("/v1/db/groups/" + dept + "/groups/" + squad, dev.token())
        .expectStatus()
        .isForbidden();
    delete("/v1/db/groups/" + dept + "/groups/" + squad, stranger.token())
        .expectStatus()
        .isNotFound();
    delete("/v1/db/groups/" + dept + "/groups/" + squad, team.token())
        .expectStatus()
        .isNoContent();
    delete("/v1/db/groups/" + dept + "/groups/" + squad, lead.token())
        .expectStatus()
        .isNotFound();
    get("/v1/db/profile-objects/" + doc, dev.token()).expectStatus().isNotFound();
    get("/v1/db/profile-objects/" + doc, deep.token()).expectStatus().isNotFound();
    // deleting a nested group ends its members' inherited access too
    post("/v1/db/groups/" + dept + "/groups", lead.token(), Map.of("g_id", squad))
        .expectStatus()
        .isNoContent();
    get("/v1/db/profile-objects/" + doc, dev.token()).expectStatus().isOk();
    delete("/v1/db/groups/" + pair, team.token()).expectStatus().isNoContent();
    get("/v1/db/profile-objects/" + doc, dev.token()).expectStatus().isNotFound();
    get("/v1/audit/" + dept, lead.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$[?(@.event_type == 'group_subgroup_add')]")
        .isNotEmpty()
        .jsonPath("$[?(@.event_type == 'group_subgroup_remove')]")
        .isNotEmpty();
  }
}
