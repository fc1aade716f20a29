package org.kith.graph.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.kith.core.audit.AuditEvent;
import org.kith.graph.neo4j.Cypher;
import reactor.core.publisher.Mono;

/**
 * Group commit for audit events that go with no other write (a relying party's read of a person's data): events
 * appended while a transaction is being written wait and go out together in the next one, so concurrent readers
 * share one commit instead of queueing for one each on the same chain head. Each caller's {@link Mono} completes
 * only once the transaction holding its events has committed, so the answer it guards is never sent before its
 * audit is durable. A failed group is retried one caller at a time, so one caller's failure fails no one else.
 * Thread-safe.
 */
public final class GroupedAppends {
  /** Callers whose events go into one transaction at most. */
  static final int MAX_GROUP = 256;

  private final Cypher cypher;
  private final Object lock = new Object();
  private List<Waiting> queue = new ArrayList<>();
  private boolean writing;

  private record Waiting(List<AuditEvent> events, CompletableFuture<Void> done) {}

  public GroupedAppends(Cypher cypher) {
    this.cypher = cypher;
  }

  /** Completes once {@code events} are committed on their chains. */
  public Mono<Void> append(List<AuditEvent> events) {
    if (events.isEmpty()) {
      return Mono.empty();
    }
    return Mono.defer(() -> {
      Waiting w = new Waiting(List.copyOf(events), new CompletableFuture<>());
      List<Waiting> group = null;
      synchronized (lock) {
        queue.add(w);
        if (!writing) {
          writing = true;
          group = take();
        }
      }
      if (group != null) {
        write(group);
      }
      return Mono.fromFuture(w.done());
    });
  }

  /** The next group, at most {@link #MAX_GROUP} callers; under {@link #lock}. */
  private List<Waiting> take() {
    if (queue.size() <= MAX_GROUP) {
      List<Waiting> group = queue;
      queue = new ArrayList<>();
      return group;
    }
    List<Waiting> group = new ArrayList<>(queue.subList(0, MAX_GROUP));
    queue = new ArrayList<>(queue.subList(MAX_GROUP, queue.size()));
    return group;
  }

  private void write(List<Waiting> group) {
    List<AuditEvent> all = new ArrayList<>();
    group.forEach(w -> all.addAll(w.events()));
    commit(all)
        .subscribe(
            null,
            failed -> {
              if (group.size() == 1) {
                finish(group, failed);
              } else {
                alone(group, 0);
              }
            },
            () -> finish(group, null));
  }

  /** After a group failed: each caller's events in a transaction of their own, one after another. */
  private void alone(List<Waiting> group, int next) {
    if (next == group.size()) {
      writeNext();
      return;
    }
    Waiting w = group.get(next);
    commit(w.events())
        .subscribe(
            null,
            failed -> {
              w.done().completeExceptionally(failed);
              alone(group, next + 1);
            },
            () -> {
              w.done().complete(null);
              alone(group, next + 1);
            });
  }

  private Mono<Void> commit(List<AuditEvent> events) {
    return cypher
        .<Void>writeTransaction(tx -> AuditAppender.append(tx, events).thenApply(v -> List.of()))
        .then();
  }

  /** Starts the next group's write before answering this group's callers, so their work never delays it. */
  private void finish(List<Waiting> group, @org.jspecify.annotations.Nullable Throwable failed) {
    writeNext();
    for (Waiting w : group) {
      if (failed == null) {
        w.done().complete(null);
      } else {
        w.done().completeExceptionally(failed);
      }
    }
  }

  private void writeNext() {
    List<Waiting> group;
    synchronized (lock) {
      if (queue.isEmpty()) {
        writing = false;
        return;
      }
      group = take();
    }
    write(group);
  }
}
