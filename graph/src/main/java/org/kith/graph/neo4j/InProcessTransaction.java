package org.kith.graph.neo4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.neo4j.driver.Query;
import org.neo4j.driver.Record;
import org.neo4j.driver.Value;
import org.neo4j.driver.async.AsyncTransactionContext;
import org.neo4j.driver.async.ResultCursor;
import org.neo4j.driver.exceptions.ClientException;
import org.neo4j.driver.exceptions.DatabaseException;
import org.neo4j.driver.exceptions.Neo4jException;
import org.neo4j.driver.exceptions.TransientException;
import org.neo4j.driver.internal.InternalRecord;
import org.neo4j.driver.internal.summary.InternalDatabaseInfo;
import org.neo4j.driver.internal.summary.InternalResultSummary;
import org.neo4j.driver.internal.summary.InternalSummaryCounters;
import org.neo4j.driver.summary.QueryType;
import org.neo4j.driver.summary.ServerInfo;
import org.neo4j.graphdb.QueryExecutionException;
import org.neo4j.graphdb.QueryStatistics;
import org.neo4j.graphdb.Result;
import org.neo4j.graphdb.Transaction;
import org.neo4j.kernel.api.exceptions.Status;

/**
 * One transaction of the embedded database behind the driver's {@link AsyncTransactionContext} (what managed transaction work is given), so a store's transaction
 * work runs unchanged in this JVM, without Bolt: each statement runs when it is sent and its records are read at
 * once (every stage this returns is complete). {@link InProcessTransactions} commits, retries and closes it.
 * Failures come out as the driver's exceptions with the database's status codes. Not thread-safe.
 */
final class InProcessTransaction implements AsyncTransactionContext {
  private static final ServerInfo SERVER = new ServerInfo() {
    @Override
    public String address() {
      return "in-process";
    }

    @Override
    public String protocolVersion() {
      return "in-process";
    }

    @Override
    public String agent() {
      return "Neo4j (embedded)";
    }
  };

  private final Transaction tx;
  private final InternalDatabaseInfo database;

  InProcessTransaction(Transaction tx, String database) {
    this.tx = tx;
    this.database = new InternalDatabaseInfo(database);
  }

  @Override
  public CompletionStage<ResultCursor> runAsync(String query, Map<String, Object> parameters) {
    try {
      return CompletableFuture.completedFuture(run(query, parameters));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(driverException(e));
    }
  }

  @Override
  public CompletionStage<ResultCursor> runAsync(String query, Value parameters) {
    return runAsync(query, parameters.asMap(v -> v));
  }

  @Override
  public CompletionStage<ResultCursor> runAsync(String query, Record parameters) {
    return runAsync(query, parameters.asMap(v -> v));
  }

  @Override
  public CompletionStage<ResultCursor> runAsync(String query) {
    return runAsync(query, Map.of());
  }

  @Override
  public CompletionStage<ResultCursor> runAsync(Query query) {
    return runAsync(query.text(), query.parameters());
  }

  private InProcessCursor run(String query, Map<String, Object> parameters) {
    try (Result result = tx.execute(query, InProcessValues.parameters(parameters))) {
      List<String> keys = result.columns();
      List<Record> records = new ArrayList<>();
      while (result.hasNext()) {
        Map<String, Object> row = result.next();
        List<Value> values = new ArrayList<>(keys.size());
        for (String key : keys) {
          values.add(InProcessValues.result(row.get(key)));
        }
        records.add(new InternalRecord(keys, values));
      }
      QueryStatistics s = result.getQueryStatistics();
      InternalSummaryCounters counters = new InternalSummaryCounters(
          s.getNodesCreated(),
          s.getNodesDeleted(),
          s.getRelationshipsCreated(),
          s.getRelationshipsDeleted(),
          s.getPropertiesSet(),
          s.getLabelsAdded(),
          s.getLabelsRemoved(),
          s.getIndexesAdded(),
          s.getIndexesRemoved(),
          s.getConstraintsAdded(),
          s.getConstraintsRemoved(),
          s.getSystemUpdates());
      QueryType type = switch (result.getQueryExecutionType().queryType()) {
        case READ_ONLY -> QueryType.READ_ONLY;
        case READ_WRITE -> QueryType.READ_WRITE;
        case WRITE -> QueryType.WRITE_ONLY;
        case SCHEMA_WRITE, DBMS -> QueryType.SCHEMA_WRITE;
      };
      InternalResultSummary summary = new InternalResultSummary(
          new Query(query, parameters),
          SERVER,
          database,
          type,
          counters,
          null,
          null,
          List.of(),
          Set.of(),
          0,
          0);
      return new InProcessCursor(keys, records, summary);
    }
  }

  /**
   * The driver's exception for a failure of the embedded database, by its status code, as Bolt would have sent it:
   * transient errors (deadlocks, lock timeouts) can be retried, client errors are the caller's, the rest the
   * database's. The original stays attached as a suppressed exception for the logs.
   */
  static RuntimeException driverException(RuntimeException e) {
    if (e instanceof Neo4jException) {
      return e;
    }
    String code = e instanceof QueryExecutionException q
        ? q.getStatusCode()
        : e instanceof Status.HasStatus has ? has.status().code().serialize() : null;
    if (code == null) {
      return e;
    }
    String message = e.getMessage() == null ? code : e.getMessage();
    Neo4jException mapped = code.startsWith("Neo.TransientError.")
        ? new TransientException(code, message)
        : code.startsWith("Neo.ClientError.")
            ? new ClientException(code, message)
            : new DatabaseException(code, message);
    mapped.addSuppressed(e);
    return mapped;
  }
}
