package org.kith.api.profile;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.kith.core.audit.RecordedEvent;
import org.kith.core.profile.Group;
import org.kith.core.profile.GroupStore;

/** Response bodies of the group and audit routes (snake_case by the application's naming strategy). */
final class GroupResponses {
  private GroupResponses() {}

  /** A group; {@code owner} is its owner's {@code u_id}. */
  record GroupView(String gId, String name, @Nullable String owner) {
    static GroupView of(Group g) {
      return new GroupView(g.gId(), g.name(), g.ownerUId());
    }
  }

  /** A group the caller belongs to, directly or through a nested group. */
  record MyGroup(String gId, String name, @Nullable String owner, boolean direct) {
    static MyGroup of(GroupStore.Membership m) {
      return new MyGroup(m.group().gId(), m.group().name(), m.group().ownerUId(), m.direct());
    }
  }

  /** The groups the caller belongs to: a page, and the next page's cursor if there is one. */
  record MyGroups(
      List<MyGroup> groups,

      @com.fasterxml.jackson.annotation.JsonInclude(
          com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
      @Nullable
      String nextCursor) {}

  /** A group's direct members: users and nested groups. */
  record GroupMembers(String gId, List<String> users, List<String> groups) {}

  /** The groups nested in a group. */
  record Subgroups(String gId, List<String> groups) {}

  /** One event of an audit trail, with its place in the hash chain. */
  record AuditEntry(
      String date,
      String eventType,
      @Nullable String uId,
      @Schema(description = "the event's details") Map<String, Object> event,
      long seq,
      String hash,
      @Nullable String prevHash) {
    static AuditEntry of(RecordedEvent e) {
      return new AuditEntry(
          e.event().date().toString(),
          e.event().eventType(),
          e.event().uId(),
          e.event().event(),
          e.seq(),
          e.hash(),
          e.prevHash());
    }
  }
}
