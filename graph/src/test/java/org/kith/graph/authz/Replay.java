package org.kith.graph.authz;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kith.core.authz.AuthorizationModel;
import org.kith.core.authz.ModelEvaluator;
import org.kith.core.authz.Permission;
import org.kith.core.authz.Subject;
import org.kith.core.authz.Tuples;
import org.kith.core.profile.Grant;
import org.kith.core.profile.ProfileObject;
import org.kith.graph.neo4j.Cypher;
import org.kith.graph.neo4j.Times;
import org.kith.graph.profile.Neo4jGroupStore;
import org.kith.graph.profile.Neo4jPermissionGraph;
import org.kith.graph.profile.Neo4jProfileObjectStore;

/**
 * Plays one {@link History} into the graph through Kith's adapters (grants, ownership, user membership, objects)
 * or plain Cypher where no adapter writes it (users, groups, nesting, links, instances), and records the same
 * facts as {@link Tuples} for the {@link ModelEvaluator}. Not thread-safe.
 */
final class Replay {
  static final Permission[] LEVELS = {Permission.ADMINS, Permission.EDITS, Permission.VIEWS};

  private final Cypher cypher;
  private final Neo4jPermissionGraph grants;
  private final Neo4jGroupStore groups;
  private final Neo4jProfileObjectStore objects;
  private final String prefix;
  /** Grants by (holder, type, object), as the adapter merges them: the first p_id stays, cascade is the last. */
  private final Map<List<Object>, Tuples.GrantTuple> held = new LinkedHashMap<>();

  private final Map<List<Object>, String> pIds = new LinkedHashMap<>();
  private final List<Tuples.Member> members = new ArrayList<>();
  private final List<Tuples.Link> links = new ArrayList<>();
  private final List<String> linkIds = new ArrayList<>();
  private final List<Tuples.InstanceTuple> instances = new ArrayList<>();
  private int serial;

  Replay(Cypher cypher, String prefix) {
    this.cypher = cypher;
    this.grants = new Neo4jPermissionGraph(cypher);
    this.groups = new Neo4jGroupStore(cypher);
    this.objects = new Neo4jProfileObjectStore(cypher);
    this.prefix = prefix;
  }

  String user(int i) {
    return prefix + "u" + i;
  }

  String group(int i) {
    return prefix + "g" + i;
  }

  String object(int i) {
    return prefix + "n" + i;
  }

  String instance(int i) {
    return prefix + "i" + i;
  }

  List<String> users() {
    return java.util.stream.IntStream.range(0, History.USERS)
        .mapToObj(this::user)
        .toList();
  }

  List<String> objects() {
    return java.util.stream.IntStream.range(0, History.OBJECTS)
        .mapToObj(this::object)
        .toList();
  }

  List<String> instances() {
    return java.util.stream.IntStream.range(0, instances.size())
        .mapToObj(this::instance)
        .toList();
  }

  /** Users, groups and objects; object {@code i} owned by user {@code i mod USERS}, created by the adapter. */
  void start() {
    cypher
        .write("UNWIND $users AS u CREATE (:User {u_id: u})", Map.of("users", users()))
        .block();
    List<String> gIds = java.util.stream.IntStream.range(0, History.GROUPS)
        .mapToObj(this::group)
        .toList();
    cypher
        .write("UNWIND $groups AS g CREATE (:Group {g_id: g, name: g})", Map.of("groups", gIds))
        .block();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    for (int u = 0; u < History.USERS; u++) {
      List<ProfileObject> owned = new ArrayList<>();
      for (int i = u; i < History.OBJECTS; i += History.USERS) {
        owned.add(new ProfileObject(
            object(i), List.of(), "ss_Test", Map.of("i", (long) i), null, now, now));
      }
      objects.create(user(u), owned, List.of()).block();
    }
    // the owners' p_ids, asked for all objects at once
    Map<String, String> owners = reactor.core.publisher.Flux.fromIterable(objects())
        .flatMap(nId -> grants.owner(nId).map(g -> Map.entry(nId, g.pId())))
        .collectMap(Map.Entry::getKey, Map.Entry::getValue)
        .block();
    for (int i = 0; i < History.OBJECTS; i++) {
      put(
          Subject.user(user(i % History.USERS)),
          Permission.IS_OWNER,
          object(i),
          false,
          owners.get(object(i)));
    }
  }

  private Subject holder(int i) {
    return i < History.USERS
        ? Subject.user(user(i))
        : i < History.USERS + History.GROUPS
            ? Subject.group(group(i - History.USERS))
            : Subject.group(Subject.PUBLIC);
  }

  private void put(Subject holder, Permission type, String nId, boolean cascade, String pId) {
    List<Object> key = List.of(holder, type, nId);
    held.put(key, new Tuples.GrantTuple(holder, type, nId, cascade));
    pIds.putIfAbsent(key, pId);
  }

  void apply(History op) {
    if (op instanceof History.Grant g) {
      Subject holder = holder(g.holder());
      String pId = org.kith.core.Ids.childId(object(g.object())); // a grant's p_id names its object
      Permission type = LEVELS[g.level()];
      grants
          .grant(new Grant(pId, holder, type, g.cascade(), object(g.object())), List.of())
          .block();
      put(holder, type, object(g.object()), g.cascade(), pId);
    } else if (op instanceof History.Revoke r && !held.isEmpty()) {
      List<Object> key = new ArrayList<>(held.keySet()).get(r.which() % held.size());
      grants.revoke(pIds.remove(key), List.of()).block();
      held.remove(key);
    } else if (op instanceof History.Owner o) {
      String pId = org.kith.core.Ids.childId(object(o.object()));
      grants.setOwner(object(o.object()), user(o.user()), pId, List.of()).block();
      held.keySet()
          .removeIf(k -> k.get(1) == Permission.IS_OWNER && k.get(2).equals(object(o.object())));
      pIds.keySet().retainAll(held.keySet());
      put(Subject.user(user(o.user())), Permission.IS_OWNER, object(o.object()), false, pId);
    } else if (op instanceof History.Join j) {
      groups.addMember(group(j.group()), user(j.user()), List.of()).block();
      Tuples.Member m = new Tuples.Member(Subject.user(user(j.user())), group(j.group()));
      if (!members.contains(m)) {
        members.add(m);
      }
    } else if (op instanceof History.Leave l && !members.isEmpty()) {
      Tuples.Member m = members.remove(l.which() % members.size());
      if (m.member().kind() == Subject.Kind.USER) {
        groups.removeMember(m.gId(), m.member().id(), List.of()).block();
      } else {
        groups.removeSubgroup(m.gId(), m.member().id(), List.of()).block();
      }
    } else if (op instanceof History.Nest n) {
      // written directly: the group store refuses nesting beyond the model's limit, the queries
      // must cap it too
      cypher
          .write(
              "MATCH (c:Group {g_id: $c}), (g:Group {g_id: $g}) MERGE (c)-[:"
                  + AuthorizationModel.KITH.membership() + "]->(g)",
              Map.of("c", group(n.child()), "g", group(n.group())))
          .block();
      Tuples.Member m = new Tuples.Member(Subject.group(group(n.child())), group(n.group()));
      if (!members.contains(m)) {
        members.add(m);
      }
    } else if (op instanceof History.Link k) {
      String id = prefix + "l" + serial++;
      cypher
          .write(
              "MATCH (a:ProfileObject {n_id: $a}), (b:ProfileObject {n_id: $b})"
                  + " CREATE (a)-[:LINKS {l_id: $id}]->(b)",
              Map.of("a", object(k.from()), "b", object(k.to()), "id", id))
          .block();
      links.add(new Tuples.Link(object(k.from()), object(k.to())));
      linkIds.add(id);
    } else if (op instanceof History.Unlink u && !links.isEmpty()) {
      int i = u.which() % links.size();
      cypher
          .write("MATCH ()-[l:LINKS {l_id: $id}]->() DELETE l", Map.of("id", linkIds.remove(i)))
          .block();
      links.remove(i);
    } else if (op instanceof History.Share s) {
      share(s);
    }
  }

  private void share(History.Share s) {
    Set<String> shared = new HashSet<>();
    for (int i = 0; i < History.OBJECTS; i++) {
      if ((s.objects() & (1 << i)) != 0) {
        shared.add(object(i));
      }
    }
    String iId = instance(instances.size());
    Instant end = s.state() == 2
        ? Instant.now().minus(1, ChronoUnit.DAYS)
        : Instant.now().plus(1, ChronoUnit.DAYS);
    Map<String, Object> p = Map.of(
        "i_id",
        iId,
        "sharer",
        user(s.sharer()),
        "state",
        s.state() == 1 ? AuthorizationModel.KITH.endedState() : "Submitted",
        "end",
        Times.toGraph(end),
        "objects",
        List.copyOf(shared));
    cypher
        .write(
            "CREATE (i:Instance {i_id: $i_id, owner_u_id: $sharer, _state: $state, end_date: $end})"
                + " WITH i UNWIND $objects AS n_id MATCH (n:ProfileObject {n_id: n_id}) CREATE (i)-[:SHARES]->(n)",
            p)
        .block();
    instances.add(new Tuples.InstanceTuple(iId, user(s.sharer()), s.state() == 0, shared));
  }

  String sharer(String iId) {
    return instances.stream()
        .filter(i -> i.iId().equals(iId))
        .findFirst()
        .orElseThrow()
        .sharerUId();
  }

  /** The facts played so far, as the evaluator reads them. */
  Tuples tuples() {
    Set<String> gIds = new HashSet<>();
    for (int i = 0; i < History.GROUPS; i++) {
      gIds.add(group(i));
    }
    return new Tuples(
        Set.copyOf(users()),
        gIds,
        Set.copyOf(objects()),
        List.copyOf(held.values()),
        List.copyOf(members),
        List.copyOf(links),
        List.copyOf(instances));
  }
}
