package org.kith.core.authz;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates a {@link AuthorizationModel} over {@link Tuples} in memory, by following the declaration's rewrites
 * literally: slow and simple, the oracle the graph adapter's generated Cypher is compared with. Immutable.
 */
public final class ModelEvaluator {
  private final AuthorizationModel model;
  private final Tuples tuples;

  public ModelEvaluator(AuthorizationModel model, Tuples tuples) {
    this.model = model;
    this.tuples = tuples;
  }

  /**
   * The subjects a caller acts as: the user (if it exists), every group it reaches through at most
   * {@link AuthorizationModel#groupNesting()} nested groups, and the public group; an anonymous caller is public.
   */
  public Set<Subject> subjects(@Nullable String uId) {
    Set<Subject> subjects = new LinkedHashSet<>();
    if (uId != null && tuples.users().contains(uId)) {
      Subject user = Subject.user(uId);
      subjects.add(user);
      subjects.addAll(reach(user, model.groupNesting() + 1));
    }
    subjects.add(Subject.group(Subject.PUBLIC));
    return subjects;
  }

  /** Whether the caller holds {@code needed} on object {@code nId}. */
  public boolean check(@Nullable String uId, Permission needed, String nId) {
    return tuples.objects().contains(nId)
        && holds(
            subjects(uId),
            nId,
            model
                .rule(AuthorizationModel.PROFILE_OBJECT, model.permissionOf(needed))
                .rewrite());
  }

  /** What the caller holds on the object: whether it exists, and the strongest right. */
  public Access access(@Nullable String uId, String nId) {
    if (!tuples.objects().contains(nId)) {
      return Access.NONE;
    }
    return new Access(
        true,
        model.levels().stream()
            .map(AuthorizationModel.Level::grant)
            .filter(p -> check(uId, p, nId))
            .findFirst());
  }

  /** The objects on which the caller holds {@code needed}, in {@code n_id} order after {@code cursor}. */
  public List<String> lookupResources(
      @Nullable String uId, Permission needed, @Nullable String cursor, int limit) {
    return tuples.objects().stream()
        .filter(n -> cursor == null || n.compareTo(cursor) > 0)
        .sorted()
        .filter(n -> check(uId, needed, n))
        .limit(limit)
        .toList();
  }

  /**
   * Who holds {@code needed} on the object: every user that does through itself or its groups, and the public
   * group (standing for everyone) if it does.
   */
  public Set<Subject> lookupSubjects(String nId, Permission needed) {
    Set<Subject> found = new HashSet<>();
    if (!tuples.objects().contains(nId)) {
      return found;
    }
    Rewrite rule = model
        .rule(AuthorizationModel.PROFILE_OBJECT, model.permissionOf(needed))
        .rewrite();
    for (String uId : tuples.users()) {
      Set<Subject> own = subjects(uId);
      own.remove(Subject.group(Subject.PUBLIC));
      if (holds(own, nId, rule)) {
        found.add(Subject.user(uId));
      }
    }
    if (holds(Set.of(Subject.group(Subject.PUBLIC)), nId, rule)) {
      found.add(Subject.group(Subject.PUBLIC));
    }
    return found;
  }

  /** The objects instance {@code iId} exposes to its recipient now (its {@code expose} permission). */
  public Set<String> exposed(String iId) {
    Rewrite.SharedBy rule = (Rewrite.SharedBy)
        model.rule(AuthorizationModel.INSTANCE, AuthorizationModel.EXPOSE).rewrite();
    Rewrite sharerNeeds =
        model.rule(AuthorizationModel.PROFILE_OBJECT, rule.sharerNeeds()).rewrite();
    Set<String> exposed = new HashSet<>();
    for (Tuples.InstanceTuple i : tuples.instances()) {
      if (i.iId().equals(iId) && i.active()) {
        Set<Subject> sharer = subjects(i.sharerUId());
        i.shares().stream()
            .filter(n -> tuples.objects().contains(n) && holds(sharer, n, sharerNeeds))
            .forEach(exposed::add);
      }
    }
    return exposed;
  }

  private boolean holds(Set<Subject> subjects, String nId, Rewrite rewrite) {
    if (rewrite instanceof Rewrite.Direct d) {
      return tuples.grants().stream()
          .anyMatch(g -> g.nId().equals(nId)
              && g.grant().name().equals(d.relation())
              && subjects.contains(g.holder()));
    } else if (rewrite instanceof Rewrite.Cascaded c) {
      Set<String> ancestors = ancestors(nId);
      return tuples.grants().stream()
          .anyMatch(g -> g.cascade()
              && ancestors.contains(g.nId())
              && g.grant().name().equals(c.relation())
              && subjects.contains(g.holder()));
    } else if (rewrite instanceof Rewrite.Computed c) {
      return holds(
          subjects,
          nId,
          model.rule(AuthorizationModel.PROFILE_OBJECT, c.permission()).rewrite());
    } else if (rewrite instanceof Rewrite.Union u) {
      return u.parts().stream().anyMatch(p -> holds(subjects, nId, p));
    }
    throw new IllegalArgumentException("not a rewrite of a profile object: " + rewrite);
  }

  /** The objects from which {@code nId} is reached in 1 to {@link AuthorizationModel#cascadeDepth()} hops. */
  private Set<String> ancestors(String nId) {
    Map<String, Set<String>> into = new HashMap<>();
    tuples
        .links()
        .forEach(l -> into.computeIfAbsent(l.to(), k -> new HashSet<>()).add(l.from()));
    return breadthFirst(nId, model.cascadeDepth(), into);
  }

  /** The groups {@code from} belongs to through at most {@code hops} membership relationships. */
  private Set<Subject> reach(Subject from, int hops) {
    Map<String, Set<String>> up = new HashMap<>();
    tuples
        .members()
        .forEach(
            m -> up.computeIfAbsent(key(m.member()), k -> new HashSet<>()).add("g:" + m.gId()));
    Set<Subject> groups = new HashSet<>();
    for (String g : breadthFirst(key(from), hops, up)) {
      String gId = g.substring(2);
      if (tuples.groups().contains(gId) || gId.equals(Subject.PUBLIC)) {
        groups.add(Subject.group(gId));
      }
    }
    return groups;
  }

  private static String key(Subject s) {
    return (s.kind() == Subject.Kind.USER ? "u:" : "g:") + s.id();
  }

  /** The nodes reached from {@code start} in 1 to {@code hops} steps of {@code next}. */
  private static Set<String> breadthFirst(String start, int hops, Map<String, Set<String>> next) {
    Set<String> reached = new HashSet<>();
    Set<String> frontier = Set.of(start);
    for (int depth = 0; depth < hops && !frontier.isEmpty(); depth++) {
      Set<String> following = new HashSet<>();
      for (String n : frontier) {
        for (String m : next.getOrDefault(n, Set.of())) {
          if (reached.add(m)) {
            following.add(m);
          }
        }
      }
      frontier = following;
    }
    return reached;
  }
}
