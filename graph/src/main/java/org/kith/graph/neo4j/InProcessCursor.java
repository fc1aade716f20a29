package org.kith.graph.neo4j;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.neo4j.driver.Record;
import org.neo4j.driver.async.ResultCursor;
import org.neo4j.driver.exceptions.NoSuchRecordException;
import org.neo4j.driver.summary.ResultSummary;

/**
 * The records of one statement run by {@link InProcessTransaction}, read in full while the statement ran (so every
 * stage is already complete), behind the driver's cursor interface. Not thread-safe, like the driver's.
 */
final class InProcessCursor implements ResultCursor {
  private final List<String> keys;
  private final List<Record> records;
  private final ResultSummary summary;
  private int next;

  InProcessCursor(List<String> keys, List<Record> records, ResultSummary summary) {
    this.keys = List.copyOf(keys);
    this.records = records;
    this.summary = summary;
  }

  @Override
  public List<String> keys() {
    return keys;
  }

  @Override
  public CompletionStage<ResultSummary> consumeAsync() {
    next = records.size();
    return CompletableFuture.completedFuture(summary);
  }

  @Override
  public CompletionStage<@Nullable Record> nextAsync() {
    return CompletableFuture.completedFuture(next < records.size() ? records.get(next++) : null);
  }

  @Override
  public CompletionStage<@Nullable Record> peekAsync() {
    return CompletableFuture.completedFuture(next < records.size() ? records.get(next) : null);
  }

  @Override
  public CompletionStage<Record> singleAsync() {
    int left = records.size() - next;
    if (left != 1) {
      next = records.size();
      return CompletableFuture.failedFuture(
          new NoSuchRecordException(
              left == 0
                  ? "Cannot retrieve a single record, because this result is empty."
                  : "Expected a result with a single record, but this result contains at least one more."));
    }
    return CompletableFuture.completedFuture(records.get(next++));
  }

  @Override
  public CompletionStage<ResultSummary> forEachAsync(Consumer<Record> action) {
    while (next < records.size()) {
      action.accept(records.get(next++));
    }
    return CompletableFuture.completedFuture(summary);
  }

  @Override
  public CompletionStage<List<Record>> listAsync() {
    return listAsync(r -> r);
  }

  @Override
  public <T> CompletionStage<List<T>> listAsync(Function<Record, T> mapFunction) {
    List<T> mapped = new ArrayList<>(records.size() - next);
    try {
      while (next < records.size()) {
        mapped.add(mapFunction.apply(records.get(next++)));
      }
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return CompletableFuture.completedFuture(mapped);
  }

  @Override
  public CompletionStage<Boolean> isOpenAsync() {
    return CompletableFuture.completedFuture(next < records.size());
  }
}
