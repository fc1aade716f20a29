package org.kith.graph.neo4j;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.neo4j.driver.async.AsyncTransactionCallback;
import org.neo4j.driver.exceptions.TransientException;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Transaction;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Transactions on the embedded database through its Java API, in this JVM, for the statements where crossing the
 * loopback socket twice per statement (Bolt) costs more than the statement: the same transaction work a store
 * gives {@link Cypher}, run on {@link InProcessTransaction}. Like the driver's managed transactions: bounded by the
 * request time limit, committed when the work completes, rolled back when it fails, and retried on transient
 * errors (deadlocks) for up to {@link #RETRY_TIME}. Blocking work, so it runs on Reactor's bounded elastic
 * threads. No consistency tokens: the embedded database is the only copy, so every commit is visible to the next
 * transaction on it. Thread-safe.
 */
final class InProcessTransactions {
  static final Duration RETRY_TIME = Duration.ofSeconds(5);

  private final GraphDatabaseService db;
  private final String database;
  private final Duration timeout;

  InProcessTransactions(GraphDatabaseService db, Duration timeout) {
    this.db = db;
    this.database = db.databaseName();
    this.timeout = timeout;
  }

  <T> Flux<T> run(AsyncTransactionCallback<CompletionStage<List<T>>> work) {
    return Mono.fromCallable(() -> runRetrying(work))
        .subscribeOn(Schedulers.boundedElastic())
        .flatMapIterable(list -> list);
  }

  private <T> List<T> runRetrying(AsyncTransactionCallback<CompletionStage<List<T>>> work)
      throws InterruptedException {
    long deadline = System.nanoTime() + RETRY_TIME.toNanos();
    long pause = 20;
    while (true) {
      try {
        return runOnce(work);
      } catch (TransientException e) {
        if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pause) > deadline) {
          throw e;
        }
        Thread.sleep(pause + (long) (Math.random() * pause));
        pause = Math.min(pause * 2, 1_000);
      }
    }
  }

  private <T> List<T> runOnce(AsyncTransactionCallback<CompletionStage<List<T>>> work) {
    try (Transaction tx = db.beginTx(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      List<T> result;
      try {
        result = work.execute(new InProcessTransaction(tx, database))
            .toCompletableFuture()
            .join();
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException cause ? cause : e;
      }
      tx.commit();
      return result;
    } catch (RuntimeException e) {
      throw InProcessTransaction.driverException(e);
    }
  }
}
