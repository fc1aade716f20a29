package org.kith.core.authz;

import java.util.List;
import java.util.Set;

/**
 * A snapshot of every fact the model reads, as plain tuples: what {@link ModelEvaluator} evaluates. The built-in
 * public group always exists.
 *
 * @param users the users that exist
 * @param groups the groups that exist (besides the public group)
 * @param objects the profile objects that exist
 * @param grants grant relationships
 * @param members group membership: a user or group belongs to a group
 * @param links relationships between profile objects, {@code from} → {@code to}
 * @param instances consent instances
 */
public record Tuples(
    Set<String> users,
    Set<String> groups,
    Set<String> objects,
    List<GrantTuple> grants,
    List<Member> members,
    List<Link> links,
    List<InstanceTuple> instances) {
  public Tuples {
    users = Set.copyOf(users);
    groups = Set.copyOf(groups);
    objects = Set.copyOf(objects);
    grants = List.copyOf(grants);
    members = List.copyOf(members);
    links = List.copyOf(links);
    instances = List.copyOf(instances);
  }

  /** {@code holder} holds {@code grant} on {@code nId}; with {@code cascade} also below it. */
  public record GrantTuple(Subject holder, Permission grant, String nId, boolean cascade) {}

  /** {@code member} (a user or a group) belongs to group {@code gId}. */
  public record Member(Subject member, String gId) {}

  /** A relationship from object {@code from} to object {@code to}. */
  public record Link(String from, String to) {}

  /** Instance {@code iId} of {@code sharerUId}, active or ended, sharing {@code shares}. */
  public record InstanceTuple(String iId, String sharerUId, boolean active, Set<String> shares) {
    public InstanceTuple {
      shares = Set.copyOf(shares);
    }
  }
}
