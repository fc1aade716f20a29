package org.kith.graph.authz;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * A random history of what changes who may see what: grants and revokes (to users, groups and PUBLIC, some
 * cascading), ownership moves, group membership of users and of groups (nesting beyond the model's limit and
 * cycles included), relationships between objects (cascade paths, cycles), and consent instances in each state.
 * Indexes refer to a small fixed universe, and modulo the current count where they pick something existing.
 */
sealed interface History {
  int USERS = 4;
  int GROUPS = 3;
  int OBJECTS = 6;

  /** Holder {@code holder} (users, then groups, then PUBLIC) gets grant level {@code level} (0 ADMINS … 2 VIEWS). */
  record Grant(int holder, int level, int object, boolean cascade) implements History {}

  record Revoke(int which) implements History {}

  record Owner(int object, int user) implements History {}

  record Join(int user, int group) implements History {}

  record Leave(int which) implements History {}

  record Nest(int child, int group) implements History {}

  record Link(int from, int to) implements History {}

  record Unlink(int which) implements History {}

  /** Instance of {@code sharer} sharing the objects of bit mask {@code objects}: 0 active, 1 withdrawn, 2 expired. */
  record Share(int sharer, int state, int objects) implements History {}

  static Arbitrary<List<History>> histories(int maxLength) {
    Arbitrary<Integer> holder = Arbitraries.integers().between(0, USERS + GROUPS);
    Arbitrary<Integer> user = Arbitraries.integers().between(0, USERS - 1);
    Arbitrary<Integer> group = Arbitraries.integers().between(0, GROUPS - 1);
    Arbitrary<Integer> object = Arbitraries.integers().between(0, OBJECTS - 1);
    Arbitrary<Integer> any = Arbitraries.integers().between(0, 1_000);
    Arbitrary<History> op = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(
            6,
            Combinators.combine(
                    holder,
                    Arbitraries.integers().between(0, 2),
                    object,
                    Arbitraries.of(true, false))
                .as(Grant::new)),
        net.jqwik.api.Tuple.of(2, any.map(Revoke::new)),
        net.jqwik.api.Tuple.of(1, Combinators.combine(object, user).as(Owner::new)),
        net.jqwik.api.Tuple.of(3, Combinators.combine(user, group).as(Join::new)),
        net.jqwik.api.Tuple.of(1, any.map(Leave::new)),
        net.jqwik.api.Tuple.of(2, Combinators.combine(group, group).as(Nest::new)),
        net.jqwik.api.Tuple.of(4, Combinators.combine(object, object).as(Link::new)),
        net.jqwik.api.Tuple.of(1, any.map(Unlink::new)),
        net.jqwik.api.Tuple.of(
            2,
            Combinators.combine(
                    user,
                    Arbitraries.integers().between(0, 2),
                    Arbitraries.integers().between(1, (1 << OBJECTS) - 1))
                .as(Share::new)));
    return op.list().ofMinSize(1).ofMaxSize(maxLength);
  }
}
