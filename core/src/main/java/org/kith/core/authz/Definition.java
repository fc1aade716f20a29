package org.kith.core.authz;

import java.util.List;
import java.util.Optional;

/** One resource type of the model: its relations and its permissions. */
public record Definition(String type, List<Relation> relations, List<Rule> rules) {
  public Definition {
    relations = List.copyOf(relations);
    rules = List.copyOf(rules);
  }

  /** The rule of {@code permission}, if this type has it. */
  public Optional<Rule> rule(String permission) {
    return rules.stream().filter(r -> r.permission().equals(permission)).findFirst();
  }

  /** The declaration in the schema language (for docs and review). */
  public String notation() {
    StringBuilder s = new StringBuilder("definition ").append(type).append(" {\n");
    relations.forEach(r -> s.append("  relation ")
        .append(r.name())
        .append(": ")
        .append(String.join(" | ", r.subjects()))
        .append('\n'));
    rules.forEach(r -> s.append("  permission ")
        .append(r.permission())
        .append(" = ")
        .append(r.rewrite().notation())
        .append('\n'));
    return s.append("}\n").toString();
  }
}
