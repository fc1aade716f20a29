package org.kith.core.consent;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.kith.core.audit.AuditEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Port: instances, linked to their application and the profile objects they share. */
public interface InstanceStore {
  /** Creates the instance with its outbox events ({@link ApplicationEvents} and others) and audit, in one transaction. */
  Mono<Instance> create(Instance instance, List<OutboxEvent> outbox, List<AuditEvent> audit);

  Mono<Instance> find(String iId);

  /** Instances by owner ({@code ownerUId}) or by application ({@code aId}), newest first, filtered. */
  Flux<Instance> list(@Nullable String ownerUId, @Nullable String aId, Filter filter, int limit);

  /**
   * Date and state filters of the listing routes, and where the page starts: after the instance at {@code after}
   * in the listing's order (newest {@code start_date} first, then {@code i_id}), or at the start.
   */
  record Filter(
      @Nullable DateFilter start,
      @Nullable DateFilter end,
      @Nullable String state,
      @Nullable After after) {
    public Filter(@Nullable DateFilter start, @Nullable DateFilter end, @Nullable String state) {
      this(start, end, state, null);
    }
  }

  /** A position in the listing order: the last instance of the previous page. */
  record After(Instant startDate, String iId) {}

  /** {@code {date, op}} with op one of gt, gte, lt, lte, eq. */
  record DateFilter(Instant date, String op) {}

  /**
   * Moves the instance from {@code from} to {@code to} if it is still in {@code from}, adding the transition's
   * actions to the outbox in the same transaction; false if another change came first.
   */
  Mono<Boolean> move(
      String iId,
      String from,
      String to,
      Map<String, Object> custom,
      List<OutboxEvent> outbox,
      List<AuditEvent> audit);

  /**
   * Adds objects to what an instance shares if it is not withdrawn (the outbox and audit events in the same
   * transaction); false if it is withdrawn or gone.
   */
  Mono<Boolean> addShares(
      String iId, List<String> nIds, List<OutboxEvent> outbox, List<AuditEvent> audit);

  /** The instances that share this object: {@code {i_id, a_id, _state}}. */
  Flux<Map<String, Object>> sharesOf(String nId);
}
