package org.kith.core.keys;

import reactor.core.publisher.Mono;

/**
 * Port: named, sealed key material shared by every API node (the graph database in Kith). The store sees only
 * sealed values; sealing and unsealing are the caller's. Each name has a version that every change moves on by one,
 * and a change names the version it replaces, so two nodes rotating at once cannot both win.
 */
public interface KeyVault {
  /** A sealed value and its version: 1 after the first write, one more after each change. */
  record Sealed(long version, String value) {}

  /** The value stored under {@code name}; empty when there is none. */
  Mono<Sealed> read(String name);

  /**
   * Stores {@code value} under {@code name} as version {@code expected + 1} when the stored version is {@code
   * expected} (0: nothing stored yet). Completes only once the write is durable.
   *
   * @return false, changing nothing, when another writer came first
   */
  Mono<Boolean> write(String name, long expected, String value);
}
