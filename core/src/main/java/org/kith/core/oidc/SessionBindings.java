package org.kith.core.oidc;

import java.time.Instant;
import java.util.List;
import org.kith.core.consent.OutboxEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Port: which relying-party sign-ins happened in which Kith session, so that an ID token can name its session
 * ({@code sid}) and the end of that session, or of the consent instance, can be told to the relying party over the
 * back channel; and the outbox those notices are delivered from (the same durable outbox as transition actions).
 */
public interface SessionBindings {
  /**
   * One Allow in one Kith session.
   *
   * @param codeHash the keyed hash of the code issued with it
   * @param sid the opaque session id put in ID tokens ({@link LogoutService#sid})
   * @param familyId the Kith session (refresh-token family); never given to a relying party
   */
  record Binding(
      String codeHash,
      String sid,
      String uId,
      String familyId,
      String aId,
      String iId,
      Instant at) {}

  Mono<Void> bind(Binding binding);

  /** The binding made with this code, if any. */
  Mono<Binding> byCode(String codeHash);

  /** The bindings made in one Kith session of the person. */
  Flux<Binding> ofSession(String uId, String familyId);

  /** The bindings made under one consent instance. */
  Flux<Binding> ofInstance(String iId);

  /** Adds back-channel logout notices to the outbox (pending, due now). */
  Mono<Void> enqueue(List<OutboxEvent> events);
}
