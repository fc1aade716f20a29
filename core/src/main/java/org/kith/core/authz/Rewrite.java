package org.kith.core.authz;

import java.util.List;

/**
 * How a permission is computed from relations, as in a Zanzibar userset rewrite. Subjects of a caller are always
 * expanded through group membership and the public group (see {@link AuthorizationModel#membership()}).
 */
public sealed interface Rewrite {
  /** The caller's subjects hold {@code relation} on the object itself. */
  record Direct(String relation) implements Rewrite {}

  /**
   * The caller's subjects hold {@code relation}, marked cascading, on an object from which this one is reached
   * along relationships between objects in at most {@link AuthorizationModel#cascadeDepth()} hops.
   */
  record Cascaded(String relation) implements Rewrite {}

  /** Another permission of the same object. */
  record Computed(String permission) implements Rewrite {}

  /** Any of the parts. */
  record Union(List<Rewrite> parts) implements Rewrite {
    public Union {
      parts = List.copyOf(parts);
    }
  }

  /**
   * A share of an object by an instance: the instance is active, it shares the object, and its sharer holds
   * {@code sharerNeeds} on the object now (re-checked at every read, never copied).
   */
  record SharedBy(String shares, String sharer, String sharerNeeds) implements Rewrite {}

  /** A role held on the resource directly (no groups, no cascade): organisation roles. */
  record Role(String relation) implements Rewrite {}

  /** The rewrite in the schema language's notation. */
  default String notation() {
    if (this instanceof Direct d) {
      return d.relation();
    } else if (this instanceof Cascaded c) {
      return "parent->cascading(" + c.relation() + ")";
    } else if (this instanceof Computed c) {
      return c.permission();
    } else if (this instanceof Union u) {
      return String.join(" + ", u.parts().stream().map(Rewrite::notation).toList());
    } else if (this instanceof SharedBy s) {
      return "active & " + s.shares() + " & " + s.sharer() + "->" + s.sharerNeeds();
    }
    return ((Role) this).relation();
  }
}
