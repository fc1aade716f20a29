package org.kith.core.org;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.core.ProblemKind;
import org.kith.core.Rejected;
import reactor.core.publisher.Mono;

@DisplayName("organisation roles: owner, admins, members")
class OrganisationMembersTests {
  private final MemoryOrgs store = new MemoryOrgs();
  private final OrganisationMembers members =
      new OrganisationMembers(store, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));

  @BeforeEach
  void organisation() {
    store.roles.put("o/owner", "admin");
    store.owners.put("o", "owner");
    store.roles.put("o/admin", "admin");
    store.roles.put("o/admin2", "admin");
    store.roles.put("o/member", "member");
    store.roles.put("o/member2", "member");
  }

  private static ProblemKind refused(Mono<Void> call) {
    try {
      call.block();
    } catch (Rejected e) {
      return e.kind();
    }
    throw new AssertionError("not refused");
  }

  @Test
  @DisplayName(
      "admins promote members; only the owner demotes an admin (or the admin itself); the owner keeps admin")
  void roles() {
    assertThat(refused(members.changeRole("member", "o", "member2", "admin")))
        .isEqualTo(ProblemKind.FORBIDDEN);
    members.changeRole("admin", "o", "member", "admin").block();
    assertThat(store.roles).containsEntry("o/member", "admin");
    assertThat(refused(members.changeRole("admin", "o", "admin2", "member")))
        .isEqualTo(ProblemKind.FORBIDDEN);
    members.changeRole("owner", "o", "admin2", "member").block();
    members.changeRole("admin", "o", "admin", "member").block();
    assertThat(store.roles).containsEntry("o/admin2", "member").containsEntry("o/admin", "member");
    assertThat(refused(members.changeRole("member", "o", "owner", "member")))
        .isEqualTo(ProblemKind.CONFLICT);
    assertThat(refused(members.changeRole("owner", "o", "member2", "owner")))
        .isEqualTo(ProblemKind.VALIDATION);
    assertThat(refused(members.changeRole("stranger", "o", "member", "admin")))
        .isEqualTo(ProblemKind.NOT_FOUND);
    assertThat(refused(members.changeRole("owner", "o", "stranger", "admin")))
        .isEqualTo(ProblemKind.NOT_FOUND);
  }

  @Test
  @DisplayName("admins remove members, the owner removes admins, anyone but the owner leaves")
  void removals() {
    assertThat(refused(members.remove("member", "o", "member2"))).isEqualTo(ProblemKind.FORBIDDEN);
    assertThat(refused(members.remove("admin", "o", "admin2"))).isEqualTo(ProblemKind.FORBIDDEN);
    members.remove("admin", "o", "member").block();
    members.remove("member2", "o", "member2").block();
    members.remove("owner", "o", "admin2").block();
    assertThat(store.roles).containsOnlyKeys("o/owner", "o/admin");
    assertThat(refused(members.remove("admin", "o", "owner"))).isEqualTo(ProblemKind.CONFLICT);
    assertThat(refused(members.remove("owner", "o", "owner"))).isEqualTo(ProblemKind.CONFLICT);
  }

  @Test
  @DisplayName(
      "only the owner hands over, to a member, who becomes owner and admin; the old owner stays admin")
  void transfer() {
    assertThat(refused(members.transfer("admin", "o", "member"))).isEqualTo(ProblemKind.FORBIDDEN);
    assertThat(refused(members.transfer("owner", "o", "stranger")))
        .isEqualTo(ProblemKind.NOT_FOUND);
    members.transfer("owner", "o", "member").block();
    assertThat(store.owners).containsEntry("o", "member");
    assertThat(store.roles).containsEntry("o/member", "admin").containsEntry("o/owner", "admin");
    members.remove("member", "o", "owner").block();
    assertThat(store.roles).doesNotContainKey("o/owner");
  }
}
