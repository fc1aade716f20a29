package org.kith.graph.neo4j;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * One numbered step of the graph's evolution. Applying a step again after it finished changes nothing: schema
 * statements say {@code IF NOT EXISTS}, data statements {@code MERGE}, and a back-fill statement changes at most
 * {@code $batch} of the rows that still need it and returns how many ({@code changed}), so it is repeated until it
 * changes none and an interrupted run resumes where it stopped. A released step is not edited: new work is a new
 * step (an edited step runs again, since its {@link #fingerprint()} changes). Immutable.
 *
 * @param version the step's number: steps run in this order and a finished step is recorded under it
 * @param statements run in order, each in its own transaction (schema and data writes may not share one)
 */
record Migration(int version, String description, Kind kind, List<String> statements) {

  /** What a step's statements do, which says how they are run. */
  enum Kind {
    /** Constraints and indexes; the step ends when every index is online. */
    SCHEMA,
    /** Small idempotent writes, each run once. */
    DATA,
    /** A batched back-fill, each statement run until it changes nothing. */
    BACKFILL
  }

  Migration {
    statements = List.copyOf(statements);
  }

  static Migration schema(int version, String description, String... statements) {
    return new Migration(version, description, Kind.SCHEMA, List.of(statements));
  }

  static Migration data(int version, String description, String... statements) {
    return new Migration(version, description, Kind.DATA, List.of(statements));
  }

  /** {@code statement} takes {@code $batch} and returns one row with the number of rows it {@code changed}. */
  static Migration backfill(int version, String description, String statement) {
    return new Migration(version, description, Kind.BACKFILL, List.of(statement));
  }

  /** Names exactly what this step runs, so a record of it says which work was done. */
  String fingerprint() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(kind.name().getBytes(StandardCharsets.UTF_8));
      for (String statement : statements) {
        sha.update((byte) 0);
        sha.update(statement.getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
