package org.kith.core.authz;

import java.util.List;

/**
 * A relation of a resource type, stored as the graph relationship type {@code name} (or, for {@code sharer}, a
 * property). {@code subjects} lists what may hold it in the schema language's notation ({@code user},
 * {@code group#member}, {@code profile_object}).
 */
public record Relation(String name, List<String> subjects) {
  public Relation {
    subjects = List.copyOf(subjects);
  }

  static Relation of(String name, String... subjects) {
    return new Relation(name, List.of(subjects));
  }
}
