package org.kith.core.profile;

import reactor.core.publisher.Mono;

/**
 * Port: content-addressed storage of documents (SHA-256). A put completes only once the bytes are
 * durable. The filesystem implementation is the default; an S3-compatible store can implement the same.
 */
public interface BlobStore {
  /** Stores the bytes (idempotent) and returns their SHA-256, lower-case hex. */
  Mono<String> put(byte[] content);

  /** The bytes of a stored blob; empty if absent. */
  Mono<byte[]> get(String sha256);

  /** Removes a blob no object references any more (kept if it was written very recently). */
  Mono<Void> reclaim(String sha256);

  /** Removes a blob at once, without the grace period (erasure: no object references it any more). */
  Mono<Void> erase(String sha256);

  /** Every stored blob, for the sweeper that reclaims what deletions left behind. */
  reactor.core.publisher.Flux<String> stored();
}
