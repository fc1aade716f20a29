package org.kith.core.authz;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Kith's authorization model, declared once as data: {@link #KITH}. Everything that decides who may see or change
 * what takes its relationship names and rules from here: the graph adapter generates its Cypher from it, the
 * analyst query guard rewrites with it, and {@link ModelEvaluator} evaluates it in memory as the tests' oracle.
 * {@link #notation()} prints it in the schema language of SpiceDB/OpenFGA. Immutable.
 *
 * @param definitions the resource types with their relations and permissions
 * @param levels the grant relations of a profile object, strongest first, each with the permission it confers
 *     (a level includes every weaker one)
 * @param membership the relationship from a user or group to a group it belongs to
 * @param cascadeMarker the grant property that makes a grant reach the objects below its object
 * @param cascadeDepth the most relationship hops a cascading grant follows (cycles end)
 * @param groupNesting the most levels of groups nested in a group a membership passes through
 * @param endedState the instance state in which consent has ended
 * @param shares the relationship from an instance to an object it shares
 * @param sharer the instance property naming the sharing user
 */
public record AuthorizationModel(
    List<Definition> definitions,
    List<Level> levels,
    String membership,
    String cascadeMarker,
    int cascadeDepth,
    int groupNesting,
    String endedState,
    String shares,
    String sharer) {
  public AuthorizationModel {
    definitions = List.copyOf(definitions);
    levels = List.copyOf(levels);
  }

  /** A grant relation and the permission it confers. */
  public record Level(Permission grant, String permission) {}

  public static final String PROFILE_OBJECT = "profile_object";
  public static final String INSTANCE = "instance";
  public static final String ORGANISATION = "organisation";
  /** The permission of an instance that exposes a shared object to the instance's recipient. */
  public static final String EXPOSE = "expose";
  /** Organisation roles (what {@code OrganisationStore.role} reports). */
  public static final String ORG_ADMIN = "admin";

  public static final String ORG_MEMBER = "member";

  /** The model. */
  public static final AuthorizationModel KITH = kith();

  private static AuthorizationModel kith() {
    String membership = "BELONGS_TO";
    List<Level> levels = List.of(
        new Level(Permission.IS_OWNER, "own"),
        new Level(Permission.ADMINS, "administer"),
        new Level(Permission.EDITS, "edit"),
        new Level(Permission.VIEWS, "view"));
    List<Relation> objectRelations = new ArrayList<>();
    List<Rule> objectRules = new ArrayList<>();
    for (int i = 0; i < levels.size(); i++) {
      String grant = levels.get(i).grant().name();
      objectRelations.add(
          i == 0
              ? Relation.of(grant, "user")
              : Relation.of(grant, "user", "group#member", "group:" + Subject.PUBLIC));
      List<Rewrite> parts = new ArrayList<>();
      if (i > 0) {
        parts.add(new Rewrite.Computed(levels.get(i - 1).permission()));
      }
      parts.add(new Rewrite.Direct(grant));
      parts.add(new Rewrite.Cascaded(grant));
      objectRules.add(new Rule(levels.get(i).permission(), new Rewrite.Union(parts)));
    }
    objectRelations.add(Relation.of("parent", PROFILE_OBJECT));
    String shares = "SHARES";
    String sharer = "owner_u_id";
    List<Definition> definitions = List.of(
        new Definition("user", List.of(), List.of()),
        new Definition(
            "group",
            List.of(Relation.of(membership, "user", "group")),
            List.of(new Rule("member", new Rewrite.Direct(membership)))),
        new Definition(PROFILE_OBJECT, objectRelations, objectRules),
        new Definition(
            INSTANCE,
            List.of(
                Relation.of(sharer, "user"),
                Relation.of(shares, PROFILE_OBJECT),
                Relation.of("WITH", "access_application")),
            List.of(new Rule(EXPOSE, new Rewrite.SharedBy(shares, sharer, "administer")))),
        new Definition(
            ORGANISATION,
            List.of(Relation.of("ADMIN_OF", "user"), Relation.of("MEMBER_OF", "user")),
            List.of(
                new Rule(ORG_ADMIN, new Rewrite.Role("ADMIN_OF")),
                new Rule(
                    ORG_MEMBER,
                    new Rewrite.Union(List.of(
                        new Rewrite.Computed(ORG_ADMIN), new Rewrite.Role("MEMBER_OF")))))));
    return new AuthorizationModel(
        definitions, levels, membership, "cascade", 10, 4, "Withdrawn", shares, sharer);
  }

  /** The definition of {@code type}. */
  public Definition definition(String type) {
    return definitions.stream()
        .filter(d -> d.type().equals(type))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no type " + type));
  }

  /** The rule of {@code permission} on {@code type}. */
  public Rule rule(String type, String permission) {
    return definition(type)
        .rule(permission)
        .orElseThrow(
            () -> new IllegalArgumentException("no permission " + type + "#" + permission));
  }

  /** The model permission a profile-object right stands for ({@code ADMINS} → {@code administer}). */
  public String permissionOf(Permission right) {
    return levels.stream()
        .filter(l -> l.grant() == right)
        .findFirst()
        .orElseThrow()
        .permission();
  }

  /** The grant relationship types, strongest first. */
  public List<String> grantTypes() {
    return levels.stream().map(l -> l.grant().name()).toList();
  }

  /** The grants whose holder has {@code needed} (a level and every stronger one), strongest first. */
  public List<String> grantTypesIncluding(Permission needed) {
    return levels.stream()
        .map(Level::grant)
        .filter(g -> g.includes(needed))
        .map(Permission::name)
        .toList();
  }

  /** The grants whose holder has model permission {@code permission} of a profile object, strongest first. */
  public List<String> grantTypesFor(String permission) {
    return grantTypesIncluding(levels.stream()
        .filter(l -> l.permission().equals(permission))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no permission " + permission))
        .grant());
  }

  /** The permission an instance's sharer must hold on a shared object for the instance to expose it. */
  public String sharerNeeds() {
    return ((Rewrite.SharedBy) rule(INSTANCE, EXPOSE).rewrite()).sharerNeeds();
  }

  /** The grant types as a Cypher relationship type alternation, {@code IS_OWNER|ADMINS|…}. */
  public String grantPattern() {
    return String.join("|", grantTypes());
  }

  /** The relationship types of {@code type}'s roles, as a Cypher alternation ({@code ADMIN_OF|MEMBER_OF}). */
  public String rolePattern(String type) {
    return String.join(
        "|", definition(type).relations().stream().map(Relation::name).toList());
  }

  /** The relationship type of a role on {@code type} ({@code admin} → {@code ADMIN_OF}). */
  public String roleRelation(String type, String permission) {
    Rewrite r = rule(type, permission).rewrite();
    Optional<Rewrite.Role> role = r instanceof Rewrite.Role direct
        ? Optional.of(direct)
        : ((Rewrite.Union) r)
            .parts().stream()
                .filter(Rewrite.Role.class::isInstance)
                .map(Rewrite.Role.class::cast)
                .findFirst();
    return role.orElseThrow().relation();
  }

  /**
   * The relationship types that decide access: grants, membership, shares and roles. A relationship users draw
   * between their own objects may not take one of these names.
   */
  public List<String> accessRelationshipTypes() {
    return Stream.of(
            grantTypes(),
            List.of(membership, shares),
            definition(INSTANCE).relations().stream()
                .map(Relation::name)
                .filter(n -> !n.equals(sharer))
                .toList(),
            definition(ORGANISATION).relations().stream().map(Relation::name).toList())
        .flatMap(List::stream)
        .distinct()
        .toList();
  }

  /** The whole model in the schema language of SpiceDB/OpenFGA. */
  public String notation() {
    StringBuilder s = new StringBuilder();
    definitions.forEach(d -> s.append(d.notation()));
    return s.toString();
  }
}
