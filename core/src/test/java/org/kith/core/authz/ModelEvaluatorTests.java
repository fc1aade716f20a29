package org.kith.core.authz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("The in-memory evaluator of the model")
class ModelEvaluatorTests {
  private final Set<String> users = new HashSet<>(Set.of("alice", "bob"));
  private final Set<String> groups = new HashSet<>();
  private final Set<String> objects = new HashSet<>(Set.of("n1", "n2"));
  private final List<Tuples.GrantTuple> grants = new ArrayList<>();
  private final List<Tuples.Member> members = new ArrayList<>();
  private final List<Tuples.Link> links = new ArrayList<>();
  private final List<Tuples.InstanceTuple> instances = new ArrayList<>();

  private ModelEvaluator eval() {
    return new ModelEvaluator(
        AuthorizationModel.KITH,
        new Tuples(users, groups, objects, grants, members, links, instances));
  }

  private void grant(Subject s, Permission p, String nId, boolean cascade) {
    grants.add(new Tuples.GrantTuple(s, p, nId, cascade));
  }

  @Nested
  @DisplayName("direct grants")
  class Direct {
    @Test
    @DisplayName("a grant gives its level and every weaker one, nothing stronger")
    void levels() {
      grant(Subject.user("bob"), Permission.EDITS, "n1", false);
      assertThat(eval().check("bob", Permission.VIEWS, "n1")).isTrue();
      assertThat(eval().check("bob", Permission.EDITS, "n1")).isTrue();
      assertThat(eval().check("bob", Permission.ADMINS, "n1")).isFalse();
      assertThat(eval().access("bob", "n1"))
          .isEqualTo(new Access(true, java.util.Optional.of(Permission.EDITS)));
      assertThat(eval().access("bob", "n2").visible()).isFalse();
      assertThat(eval().access("bob", "gone")).isEqualTo(Access.NONE);
    }

    @Test
    @DisplayName("PUBLIC reaches every caller, anonymous ones too")
    void publicGroup() {
      grant(Subject.group(Subject.PUBLIC), Permission.VIEWS, "n2", false);
      assertThat(eval().check(null, Permission.VIEWS, "n2")).isTrue();
      assertThat(eval().check("nobody-known", Permission.VIEWS, "n2")).isTrue();
      assertThat(eval().check(null, Permission.EDITS, "n2")).isFalse();
      assertThat(eval().lookupSubjects("n2", Permission.VIEWS))
          .containsExactly(Subject.group(Subject.PUBLIC));
    }
  }

  @Nested
  @DisplayName("groups")
  class Groups {
    @Test
    @DisplayName("membership passes through at most four nested groups")
    void nesting() {
      for (int i = 0; i < 6; i++) {
        groups.add("g" + i);
        members.add(new Tuples.Member(
            i == 0 ? Subject.user("bob") : Subject.group("g" + (i - 1)), "g" + i));
      }
      grant(Subject.group("g4"), Permission.VIEWS, "n1", false);
      grant(Subject.group("g5"), Permission.VIEWS, "n2", false);
      assertThat(eval().check("bob", Permission.VIEWS, "n1")).isTrue();
      assertThat(eval().check("bob", Permission.VIEWS, "n2")).isFalse();
      assertThat(eval().lookupSubjects("n1", Permission.VIEWS))
          .containsExactly(Subject.user("bob"));
      assertThat(eval().lookupResources("bob", Permission.VIEWS, null, 10)).containsExactly("n1");
    }
  }

  @Nested
  @DisplayName("cascade")
  class Cascade {
    @Test
    @DisplayName(
        "a cascading grant follows relationships down at most ten hops; a plain one stays put")
    void depth() {
      for (int i = 0; i < 11; i++) {
        objects.add("c" + (i + 1));
        links.add(new Tuples.Link(i == 0 ? "n1" : "c" + i, "c" + (i + 1)));
      }
      grant(Subject.user("bob"), Permission.ADMINS, "n1", true);
      grant(Subject.user("alice"), Permission.ADMINS, "n1", false);
      assertThat(eval().check("bob", Permission.ADMINS, "c10")).isTrue();
      assertThat(eval().check("bob", Permission.VIEWS, "c11")).isFalse();
      assertThat(eval().check("alice", Permission.VIEWS, "c1")).isFalse();
      assertThat(eval().lookupResources("bob", Permission.EDITS, "c8", 5))
          .containsExactly("c9", "n1");
    }
  }

  @Nested
  @DisplayName("consent instances")
  class Instances {
    @Test
    @DisplayName("expose a shared object only while active and while the sharer administers it")
    void exposure() {
      grant(Subject.user("alice"), Permission.IS_OWNER, "n1", false);
      grant(Subject.user("alice"), Permission.EDITS, "n2", false);
      instances.add(new Tuples.InstanceTuple("i1", "alice", true, Set.of("n1", "n2")));
      instances.add(new Tuples.InstanceTuple("i2", "alice", false, Set.of("n1")));
      assertThat(eval().exposed("i1")).containsExactly("n1");
      assertThat(eval().exposed("i2")).isEmpty();
      grants.clear();
      assertThat(eval().exposed("i1")).isEmpty();
    }
  }
}
