package org.kith.graph.profile;

import java.util.List;
import java.util.stream.Collectors;
import org.kith.core.authz.AuthorizationModel;
import org.kith.core.authz.Subject;
import org.kith.core.profile.PermissionGraph;

/**
 * The Cypher that decides who sees what (also used by the analyst query guard for the visible set). Subjects of a caller are the user, the groups it belongs to
 * (directly or through nested groups) and PUBLIC (anonymous callers: PUBLIC only). A grant counts on its object, and, with {@code cascade}, on every
 * object reachable from it along profile-object relationships in at most {@link
 * PermissionGraph#MAX_CASCADE_DEPTH} hops; quantified path patterns never repeat a relationship, so cycles end.
 * Every relationship type, property and rule here is generated from {@link AuthorizationModel#KITH}.
 */
public final class PermissionQueries {
  private PermissionQueries() {}

  private static final AuthorizationModel MODEL = AuthorizationModel.KITH;

  public static final String DEPTH = String.valueOf(MODEL.cascadeDepth());

  /** The grant relationship types as an alternation for a relationship pattern ({@code IS_OWNER|…}). */
  public static final String GRANTS = MODEL.grantPattern();

  /** The grant a user holds on what it owns. */
  public static final String OWNER = MODEL.grantTypes().get(0);

  /** The relationship from a user or group to a group it belongs to. */
  public static final String BELONGS = MODEL.membership();

  /**
   * The pattern of a new owner's grant {@code (u)-[g]->(n)} ({@code g} may be empty), {@code p_id} from the Cypher
   * expression {@code pId}, not cascading, created at {@code $now}.
   */
  static String ownerGrant(String u, String g, String n, String pId) {
    return "(" + u + ")-[" + g + ":" + OWNER + " {p_id: " + pId + ", " + MODEL.cascadeMarker()
        + ": false, created_at: $now}]->(" + n + ")";
  }

  /** The grant property that makes a grant cascade, as a predicate on grant variable {@code g}. */
  public static String cascades(String grant) {
    return grant + "." + MODEL.cascadeMarker();
  }

  /** A Cypher list literal of names from the model (never input). */
  static String literal(List<String> names) {
    return names.stream().map(n -> "'" + n + "'").collect(Collectors.joining(", ", "[", "]"));
  }

  static final String PUBLIC = "'" + Subject.PUBLIC + "'";

  /**
   * From a user to the groups it belongs to: directly or through groups nested in them (a nested group
   * BELONGS_TO the group containing it), at most {@link PermissionGraph#MAX_GROUP_NESTING} nested levels.
   */
  public static final String MEMBERSHIP =
      "-[:" + MODEL.membership() + "]->{1," + (MODEL.groupNesting() + 1) + "}";

  public static final String SUBJECTS = "OPTIONAL MATCH (u:User {u_id: $u_id})"
      + " WITH *, COLLECT { MATCH (u)" + MEMBERSHIP + "(g:Group) RETURN DISTINCT g }"
      + " + COLLECT { MATCH (p:Group {g_id: " + PUBLIC + "}) RETURN p } AS groups"
      + " WITH *, CASE WHEN u IS NULL THEN groups ELSE [u] + groups END AS subjects";

  /**
   * The grant types that reach object {@code n} from {@code subjects} (bound by {@link #SUBJECTS}): held on it, or
   * cascading from an ancestor. Every check of one object's permission evaluates this expression.
   */
  private static final String PERMS_ON_N = "COLLECT { MATCH (n)<-[g:" + GRANTS
      + "]-(s) WHERE s IN subjects RETURN type(g) }"
      + " + COLLECT { MATCH (n) ((:ProfileObject)<-[]-(:ProfileObject)){1," + DEPTH
      + "} (a:ProfileObject)"
      + "<-[g:" + GRANTS + "]-(s) WHERE " + cascades("g") + " AND s IN subjects RETURN type(g) }";

  /** One row {@code perms} (grant types that reach the object) if the object exists; no row otherwise. */
  static final String ACCESS =
      "MATCH (n:ProfileObject {n_id: $n_id}) " + SUBJECTS + " RETURN " + PERMS_ON_N + " AS perms";

  /**
   * What consent instance {@code $i_id} exposes to its recipient now, in one read: nothing unless the instance is
   * active at {@code $now} (not withdrawn, end date not passed), and of the objects it shares only those on which
   * its sharer ({@code $u_id}) holds ADMINS or IS_OWNER now. A share is a permission derived at read time, never a
   * copy of a right: when the sharer loses the right (revoked grant, left group, ownership moved), the instance
   * stops exposing the object with the commit that took the right away.
   */
  static final String SHARED_BY =
      "MATCH (i:Instance {i_id: $i_id}) WHERE i." + MODEL.sharer() + " = $u_id"
          + " AND i._state <> '" + MODEL.endedState()
          + "' AND (i.end_date IS NULL OR i.end_date > $now) WITH i " + SUBJECTS
          + " MATCH (i)-[:" + MODEL.shares() + "]->(n:ProfileObject) WITH n, " + PERMS_ON_N
          + " AS perms"
          + " WHERE any(p IN perms WHERE p IN " + literal(MODEL.grantTypesFor(MODEL.sharerNeeds()))
          + ") RETURN n";

  /** {@link #ACCESS} and the object itself in one round trip. */
  static final String ACCESS_WITH_OBJECT = ACCESS + ", n";

  /**
   * How many grants the caller's subjects hold and how many objects exist (both from degree and count
   * stores), and the caller's group ids (PUBLIC included) for {@link #VISIBLE_BY_INDEX}.
   */
  static final String PAGE_STATS = SUBJECTS
      + " RETURN reduce(t = 0, s IN subjects | t + COUNT { (s)-[:" + GRANTS + "]->() }) AS grants,"
      + " COUNT { (:ProfileObject) } AS total, [s IN subjects WHERE s:Group | s.g_id] AS g_ids";

  private static final String IS_SUBJECT =
      "((s:User AND s.u_id = $u_id) OR (s:Group AND s.g_id IN $g_ids))";

  /**
   * For callers who see a large share of all objects: walk objects in {@code n_id} order from the unique
   * index (the index provides the order, so nothing is sorted) and keep the visible ones; a page stops after
   * about {@code limit / share} candidates instead of collecting and sorting everything the caller can see.
   * The caller's subjects come in as ids from {@link #PAGE_STATS}, read just before, so the index scan can
   * lead the plan.
   */
  static final String VISIBLE_BY_INDEX =
      "MATCH (n:ProfileObject) WHERE n.n_id > coalesce($cursor, '')"
          + "   AND (size($ids) = 0 OR n.n_id IN $ids)"
          + "   AND (size($labels) = 0 OR any(l IN labels(n) WHERE l IN $labels))"
          + " WITH n ORDER BY n.n_id"
          + " WITH n, COLLECT { MATCH (n)<-[g:" + GRANTS + "]-(s) WHERE " + IS_SUBJECT
          + " RETURN type(g) }"
          + " + COLLECT { MATCH (n) ((:ProfileObject)<-[]-(:ProfileObject)){1," + DEPTH
          + "} (a:ProfileObject)"
          + "<-[g:" + GRANTS + "]-(s) WHERE " + cascades("g") + " AND " + IS_SUBJECT
          + " RETURN type(g) } AS perms"
          + " WHERE size(perms) > 0 AND (size($perms) = 0 OR any(p IN perms WHERE p IN $perms))"
          + " RETURN n, perms LIMIT $limit";

  /** Use {@link #VISIBLE_BY_INDEX} from this many grants on, if they cover at least 1/20 of all objects. */
  static final long INDEX_STRATEGY_MIN_GRANTS = 2_000;

  static final long INDEX_STRATEGY_MAX_SPARSENESS = 20;

  /**
   * A page of visible objects with the grant types that reach each, ordered by n_id after the cursor. One pass over
   * the caller's grants (only those of the asked types, {@code $perms}, when given: an object qualifies if one of
   * them reaches it) collects the objects they hold and the roots of cascading ones, one traversal adds what the
   * cascades reach, the page is cut from these by id, and only the page's objects have their grant types gathered
   * ({@link #PERMS_ON_N}, as the check does): for an owner of 10,000 objects, no subquery per grant and no grouping
   * of every reached object with its types.
   */
  static final String VISIBLE = SUBJECTS
      + " UNWIND subjects AS s"
      + " MATCH (s)-[g:" + GRANTS
      + "]->(a:ProfileObject) WHERE size($perms) = 0 OR type(g) IN $perms"
      + " WITH subjects, collect(a) AS held, collect(CASE WHEN " + cascades("g")
      + " THEN a END) AS roots"
      + " WITH subjects, held + COLLECT { UNWIND roots AS r"
      + "   MATCH (r) ((:ProfileObject)-[]->(:ProfileObject)){1," + DEPTH
      + "} (n:ProfileObject) RETURN n } AS reached"
      + " UNWIND reached AS n"
      + " WITH DISTINCT subjects, n"
      + " WHERE ($cursor IS NULL OR n.n_id > $cursor)"
      + "   AND (size($ids) = 0 OR n.n_id IN $ids)"
      + "   AND (size($labels) = 0 OR any(l IN labels(n) WHERE l IN $labels))"
      + " WITH subjects, n ORDER BY n.n_id LIMIT $limit"
      + " RETURN n, " + PERMS_ON_N + " AS perms ORDER BY n.n_id";

  /**
   * Who holds one of the grant types {@code $perms} on object {@code $n_id}, directly or by a cascading grant above
   * it: users as themselves or through the groups they belong to, and the public group as itself (everyone).
   */
  static final String LOOKUP_SUBJECTS = "MATCH (n:ProfileObject {n_id: $n_id}) CALL (n) {"
      + "   MATCH (n)<-[g:" + GRANTS + "]-(s) WHERE type(g) IN $perms RETURN s"
      + "   UNION"
      + "   MATCH (n) ((:ProfileObject)<-[]-(:ProfileObject)){1," + DEPTH
      + "} (:ProfileObject)<-[g:" + GRANTS + "]-(s)"
      + "   WHERE " + cascades("g") + " AND type(g) IN $perms RETURN s"
      + " } WITH DISTINCT s CALL (s) {"
      + "   WITH s WHERE s:User OR s.g_id = " + PUBLIC + " RETURN s AS holder"
      + "   UNION"
      + "   MATCH (holder:User)" + MEMBERSHIP + "(s) WHERE s:Group AND s.g_id <> " + PUBLIC
      + " RETURN holder"
      + " } RETURN DISTINCT CASE WHEN holder:User THEN 'USER' ELSE 'GROUP' END AS kind,"
      + " coalesce(holder.u_id, holder.g_id) AS id";
}
