package org.kith.graph.authz;

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
  /**
   * Every node the caller may see, each with every relationship from it to another node the caller may see (or
   * none): compared as the set of node ids and the set of (start, type, end) of relationships.
   */
  static final String GRAPH = "MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN n, r";
  /** The profile objects reached from the caller's User node in one or two hops through visible nodes. */
  static final String REACHED =
      "MATCH (:User) (()-->()){1,2} (n:ProfileObject) RETURN DISTINCT n.n_id AS id";

  static final List<String> QUERIES = List.of(GRAPH, REACHED);

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
    tuples
        .members()
        .forEach(
            m -> all.add(List.of(m.member().id(), AuthorizationModel.KITH.membership(), m.gId())));
    tuples.links().forEach(l -> all.add(List.of(l.from(), "LINKS", l.to())));
    all.stream()
        .filter(r -> nodes.contains(r.get(0)) && nodes.contains(r.get(2)))
        .forEach(relationships::add);
  }

  /** The expected answer to one of {@link #QUERIES}, in the form {@link #actual} reads. */
  Object expected(String query) {
    if (query.equals(GRAPH)) {
      return List.of(nodes, relationships);
    }
    Map<String, Set<String>> out = new HashMap<>();
    relationships.forEach(
        r -> out.computeIfAbsent(r.get(0), k -> new HashSet<>()).add(r.get(2)));
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

  /**
   * The answer in the form of {@link #expected}: for {@link #GRAPH} the node ids and the (start, type, end) of
   * the relationships, for {@link #REACHED} the ids.
   */
  static Object actual(String query, QueryResult result) {
    if (query.equals(GRAPH)) {
      Set<Object> nodes = new TreeSet<>();
      Set<Object> relationships = new HashSet<>();
      for (List<Object> row : result.rows()) {
        nodes.add(((Map<?, ?>) row.get(0)).get("n_id"));
        if (row.get(1) instanceof Map<?, ?> r) {
          relationships.add(List.of(r.get("start"), r.get("type"), r.get("end")));
        }
      }
      return List.of(nodes, relationships);
    }
    Set<Object> ids = new TreeSet<>();
    result.rows().forEach(row -> ids.add(row.get(0)));
    return ids;
  }
}
