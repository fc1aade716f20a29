package org.kith.graph.neo4j;

/** A write broke a uniqueness constraint; the store that caused it knows which rejection it means. */
public final class ConstraintViolation extends RuntimeException {
  ConstraintViolation(Throwable cause) {
    super("constraint violated", cause, false, false);
  }
}
