package org.kith.graph.query;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.regex.Pattern;
import org.kith.core.Failed;
import org.kith.core.ProblemKind;
import org.kith.core.Rejected;
import org.kith.core.query.GuardDefect;
import org.neo4j.driver.exceptions.ClientException;
import org.neo4j.driver.exceptions.Neo4jException;
import org.neo4j.driver.exceptions.ServiceUnavailableException;
import org.neo4j.driver.exceptions.SessionExpiredException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an analyst query's failure becomes for the caller: the guard's refusals and Neo4j's compile errors as 400
 * problems with their reason, time and memory limits as 422, errors while running without the database's message
 * (it could quote data), a guard defect logged. Stateless.
 */
final class AnalystErrors {
  private static final Logger LOG = LoggerFactory.getLogger(AnalystErrors.class);
  private static final Pattern POSITION =
      Pattern.compile("\\s*\\(line \\d+, column \\d+ \\(offset: \\d+\\)\\).*", Pattern.DOTALL);

  private AnalystErrors() {}

  /** An error Neo4j raised while compiling (EXPLAIN), whose reason the caller may read. */
  static final class CompileError extends RuntimeException {
    CompileError(Neo4jException cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }

  static Throwable translate(Throwable error, Duration timeout) {
    Throwable e =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (e instanceof QueryRejected q) {
      return Rejected.invalid("query", q.getMessage());
    }
    if (e instanceof Rejected || e instanceof Failed) {
      return e;
    }
    if (e instanceof GuardDefect defect) {
      LOG.error("analyst query guard defect: {}", defect.getMessage());
      return defect;
    }
    boolean compiling = e instanceof CompileError;
    Throwable cause = compiling ? e.getCause() : e;
    if (cause instanceof ServiceUnavailableException || cause instanceof SessionExpiredException) {
      return Failed.unavailable("the graph database is unavailable", cause);
    }
    if (cause instanceof Neo4jException n4j) {
      String code = n4j.code() == null ? "" : n4j.code();
      if (code.startsWith("Neo.ClientError.Transaction.TransactionTimedOut")
          || (code.equals("Neo.ClientError.Transaction.TransactionMarkedAsFailed") && !compiling)) {
        return Rejected.of(
            ProblemKind.UNPROCESSABLE,
            "the query ran longer than " + timeout.toSeconds()
                + " s; narrow it down or add a LIMIT");
      }
      if (code.contains("MemoryPoolOutOfMemoryError") || code.contains("OutOfMemory")) {
        return Rejected.of(
            ProblemKind.UNPROCESSABLE, "the query needed more memory than a query may use");
      }
      if (!compiling
          && n4j.getMessage() != null
          && n4j.getMessage().contains(CypherGuard.RANGE_TOO_LARGE)) {
        return Rejected.invalid(
            "query", "range() may produce at most " + CypherGuard.MAX_RANGE + " values here");
      }
      if (cause instanceof ClientException && code.startsWith("Neo.ClientError.Statement.")) {
        String kind = code.substring("Neo.ClientError.Statement.".length());
        return compiling || kind.equals("ParameterMissing")
            ? Rejected.invalid(
                "query", "Neo4j refused the query (" + kind + "): " + reason(n4j.getMessage()))
            : Rejected.invalid("query", "the query failed while running (" + kind + ")");
      }
    }
    return Failed.internal("analyst query failed", cause);
  }

  private static String reason(String message) {
    String first = message == null ? "" : message.lines().findFirst().orElse("");
    first = POSITION.matcher(first).replaceAll("");
    return first.length() <= 300 ? first : first.substring(0, 300) + "…";
  }
}
