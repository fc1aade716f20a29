package org.kith.graph.neo4j;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.kith.core.Failed;
import org.kith.core.KithException;
import org.neo4j.driver.AccessMode;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.TransactionConfig;
import org.neo4j.driver.async.AsyncSession;
import org.neo4j.driver.async.AsyncTransactionCallback;
import org.neo4j.driver.exceptions.ClientException;
import org.neo4j.driver.exceptions.ServiceUnavailableException;
import org.neo4j.driver.exceptions.SessionExpiredException;
import org.neo4j.driver.exceptions.TransientException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;
import reactor.util.retry.Retry;

/**
 * Runs parameterised Cypher in managed transactions (retried by the driver on transient errors) and turns
 * driver failures into Kith's exceptions exactly once: unreachable database → 503, a broken unique
 * constraint → {@link ConstraintViolation} (which stores turn into 409), anything else → 500. Domain
 * rejections thrown by a mapper pass through. Thread-safe.
 */
public final class Cypher {
  private final Driver driver;
  private final String database;
  private final TransactionConfig config;
  private final @Nullable InProcessTransactions inProcess;

  /** {@code config} bounds every transaction this helper runs (the time limit, from the settings). */
  Cypher(Driver driver, String database, TransactionConfig config) {
    this(driver, database, config, null);
  }

  /**
   * With {@code inProcess}, every transaction runs on the embedded database's Java API instead of the driver
   * (same work, same error translation; no consistency tokens).
   */
  Cypher(
      Driver driver,
      String database,
      TransactionConfig config,
      @Nullable InProcessTransactions inProcess) {
    this.driver = driver;
    this.database = database;
    this.config = config;
    this.inProcess = inProcess;
  }

  /**
   * Runs a single read query and maps each record. An auto-commit transaction needs one round trip to the
   * database instead of a managed transaction's begin/run/commit; transient failures are retried here.
   */
  public <T> Flux<T> read(String query, Map<String, Object> params, Function<Record, T> mapper) {
    if (inProcess != null) {
      return inProcess
          .run(tx -> tx.runAsync(query, params).thenCompose(c -> c.listAsync(mapper)))
          .onErrorMap(Cypher::translate);
    }
    return Flux.deferContextual(context -> Flux.usingWhen(
            Mono.fromSupplier(() -> session(context, AccessMode.READ)),
            session -> Mono.fromCompletionStage(() ->
                    session.runAsync(query, params, config).thenCompose(c -> c.listAsync(mapper)))
                .flatMapIterable(list -> list),
            session -> Mono.fromCompletionStage(session::closeAsync)))
        .retryWhen(Retry.backoff(READ_RETRIES, Duration.ofMillis(50))
            .filter(Cypher::retryable)
            .onRetryExhaustedThrow((spec, signal) -> signal.failure()))
        .onErrorMap(Cypher::translate);
  }

  static final int READ_RETRIES = 3;

  private static boolean retryable(Throwable error) {
    Throwable e =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    return (e instanceof ServiceUnavailableException
            || e instanceof SessionExpiredException
            || e instanceof TransientException)
        && !bookmarkTimeout(e);
  }

  /** A consistency token names a transaction this database has not reached in time: waiting longer won't help. */
  private static boolean bookmarkTimeout(Throwable e) {
    return e instanceof TransientException t
        && t.code() != null
        && t.code().contains("BookmarkTimeout");
  }

  /** Runs a write query and maps each record. */
  public <T> Flux<T> write(String query, Map<String, Object> params, Function<Record, T> mapper) {
    return transaction(
        AccessMode.WRITE, tx -> tx.runAsync(query, params).thenCompose(c -> c.listAsync(mapper)));
  }

  /** Runs a write query for its effect. */
  public Mono<Void> write(String query, Map<String, Object> params) {
    return transaction(
            AccessMode.WRITE,
            tx -> tx.runAsync(query, params)
                .thenCompose(c -> c.consumeAsync())
                .thenApply(summary -> List.<Object>of()))
        .then();
  }

  /** Runs several statements in one write transaction; {@code work} composes them. */
  public <T> Flux<T> writeTransaction(AsyncTransactionCallback<CompletionStage<List<T>>> work) {
    return transaction(AccessMode.WRITE, work);
  }

  private <T> Flux<T> transaction(
      AccessMode mode, AsyncTransactionCallback<CompletionStage<List<T>>> work) {
    if (inProcess != null) {
      return inProcess.run(work).onErrorMap(Cypher::translate);
    }
    return Flux.deferContextual(context -> Flux.usingWhen(
            Mono.fromSupplier(() -> session(context, mode)),
            session -> Mono.fromCompletionStage(() -> mode == AccessMode.READ
                    ? session.executeReadAsync(work, config)
                    : session.executeWriteAsync(work, config))
                .flatMapIterable(list -> list),
            session -> {
              if (mode == AccessMode.WRITE) {
                Sessions.wrote(context, session.lastBookmarks());
              }
              return Mono.fromCompletionStage(session::closeAsync);
            }))
        .onErrorMap(Cypher::translate);
  }

  private AsyncSession session(ContextView context, AccessMode mode) {
    return driver.session(AsyncSession.class, Sessions.config(driver, database, mode, context));
  }

  static Throwable translate(Throwable error) {
    Throwable e =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (e instanceof KithException || e instanceof ConstraintViolation) {
      return e;
    }
    if (bookmarkTimeout(e)) {
      return Failed.unavailable(
          "the database has not yet caught up with the consistency token; retry shortly", e);
    }
    if (e instanceof ServiceUnavailableException
        || e instanceof SessionExpiredException
        || e instanceof TransientException) {
      return Failed.unavailable("the graph database is unavailable", e);
    }
    if (e instanceof ClientException ce
        && ce.code() != null
        && ce.code().contains("InvalidBookmark")) {
      return org.kith.core.Rejected.invalid(
          "Kith-Consistency-Token", "not a consistency token of this database");
    }
    if (e instanceof ClientException ce
        && "Neo.ClientError.Schema.ConstraintValidationFailed".equals(ce.code())) {
      return new ConstraintViolation(ce);
    }
    return Failed.internal("graph operation failed", e);
  }
}
