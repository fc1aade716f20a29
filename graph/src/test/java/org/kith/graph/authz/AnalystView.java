package org.kith.graph.authz;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.kith.core.authz.AuthorizationModel;
import org.kith.core.authz.ModelEvaluator;
import org.kith.core.authz.Permission;
import org.kith.core.authz.Subject;
import org.kith.core.authz.Tuples;
import org.kith.core.query.QueryResult;

/**
 * What the analyst endpoint must answer a caller, by the model: the subgraph of what the caller may see (its
 * subjects — its User node, its groups, PUBLIC — and the profile objects it may view, by {@link ModelEvaluator}),
 * with the relationships the history wrote between two of those nodes (grants, memberships, links). Each query
 * below has its expected answer computed from that subgraph in memory, and its actual answer read from a
 * {@link QueryResult} (nodes and relationships come as maps naming public ids).
 */
final class AnalystView {
  /** Every node the caller may see, by public id. */
  static final String NODES = "MATCH (n) RETURN n";
  /** Every relationship between two nodes the caller may see, as (start, type, end). */
  static final String RELATIONSHIPS = "MATCH (a)-[r]->(b) RETURN r";
  /** The profile objects reached from the caller's User node in one or two hops through visible nodes. */
  static final String REACHED = "MATCH (:User) (()-->()){1,2} (n:ProfileObject) RETURN DISTINCT n.n_id AS id";
  static final List<String> QUERIES = List.of(NODES, RELATIONSHIPS, REACHED);

  private final Set<String> nodes = new TreeSet<>();
  private final Set<String> objects;
  private final Set<List<String>> relationships = new HashSet<>();
  private final String userNode;

  AnalystView(ModelEvaluator model, Tuples tuples, String uId) {
    for (Subject s : model.subjects(uId)) {
      nodes.add(s.id());
    }
    userNode = tuples.users().contains(uId) ? uId : "";
    objects = new TreeSet<>(model.lookupResources(uId, Permission.VIEWS, null, Integer.MAX_VALUE));
    nodes.addAll(objects);
    Set<List<String>> all = new HashSet<>();
    tuples.grants().forEach(g -> all.add(List.of(g.holder().id(), g.grant().name(), g.nId())));
    tuples.members().forEach(m -> all.add(List.of(m.member().id(), AuthorizationModel.KITH.membership(), m.gId())));
    tuples.links().forEach(l -> all.add(List.of(l.from(), "LINKS", l.to())));
    all.stream().filter(r -> nodes.contains(r.get(0)) && nodes.contains(r.get(2))).forEach(relationships::add);
  }

  /** The expected answer to one of {@link #QUERIES}, in the form {@link #actual} reads. */
  Set<?> expected(String query) {
    if (query.equals(NODES)) {
      return nodes;
    }
    if (query.equals(RELATIONSHIPS)) {
      return relationships;
    }
    Map<String, Set<String>> out = new HashMap<>();
    relationships.forEach(r -> out.computeIfAbsent(r.get(0), k -> new HashSet<>()).add(r.get(2)));
    Set<String> reached = new TreeSet<>();
    Set<String> frontier = Set.of(userNode);
    for (int hop = 0; hop < 2; hop++) {
      Set<String> next = new HashSet<>();
      frontier.forEach(n -> next.addAll(out.getOrDefault(n, Set.of())));
      next.stream().filter(objects::contains).forEach(reached::add);
      frontier = next;
    }
    return reached;
  }

  /** The answer as a set: node ids, (start, type, end) of relationships, or the single column's values. */
  static Set<?> actual(String query, QueryResult result) {
    Set<Object> found = new HashSet<>();
    List<Object> column = new ArrayList<>();
    result.rows().forEach(row -> column.add(row.get(0)));
    for (Object value : column) {
      if (query.equals(NODES)) {
        found.add(((Map<?, ?>) value).get("n_id"));
      } else if (query.equals(RELATIONSHIPS)) {
        Map<?, ?> r = (Map<?, ?>) value;
        found.add(List.of(r.get("start"), r.get("type"), r.get("end")));
      } else {
        found.add(value);
      }
    }
    return query.equals(NODES) || query.equals(REACHED) ? new TreeSet<>(found) : found;
  }
}
