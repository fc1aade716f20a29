package org.kith.graph.query;

import java.util.Locale;

/** Names of Cypher constructs as a user wrote them, for refusals. */
final class Constructs {
  private Constructs() {}

  /** A factory call's name as the Cypher a user wrote. */
  static String describe(String factoryMethod) {
    String m = factoryMethod.toLowerCase(Locale.ROOT);
    if (m.startsWith("create") && m.endsWith("clause")) {
      return "CREATE";
    }
    if (m.startsWith("merge")) {
      return "MERGE";
    }
    if (m.startsWith("set")) {
      return "SET";
    }
    if (m.startsWith("remove")) {
      return "REMOVE";
    }
    if (m.startsWith("delete")) {
      return "DELETE";
    }
    if (m.startsWith("foreach")) {
      return "FOREACH";
    }
    if (m.startsWith("loadcsv")) {
      return "LOAD CSV";
    }
    if (m.startsWith("callclause") || m.startsWith("callresult") || m.startsWith("yield")) {
      return "procedure CALL";
    }
    if (m.startsWith("show")) {
      return "SHOW";
    }
    if (m.contains("useclause") || m.startsWith("usegraph") || m.startsWith("databasename")) {
      return "USE";
    }
    if (m.startsWith("terminate")) {
      return "TERMINATE";
    }
    if (m.startsWith("subqueryintransactions")) {
      return "CALL { … } IN TRANSACTIONS";
    }
    if (m.startsWith("insert")) {
      return "INSERT";
    }
    if (m.contains("index") || m.contains("constraint")) {
      return "a schema command";
    }
    return "an administration command";
  }
}
