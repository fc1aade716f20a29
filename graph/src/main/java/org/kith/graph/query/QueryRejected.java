package org.kith.graph.query;

/** The analyst query guard refused a query; the message names the reason in the user's terms. */
final class QueryRejected extends RuntimeException {
  QueryRejected(String message) {
    super(message, null, false, false);
  }
}
