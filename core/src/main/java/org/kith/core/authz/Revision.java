package org.kith.core.authz;

import org.jspecify.annotations.Nullable;
import org.kith.core.Consistency;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * A point in the history of relationships an answer must reflect at least: Kith's consistency token (Zanzibar's
 * zookie), {@link Consistency}, not a second one. A write's revision is the token of the request that wrote; a
 * check at that revision waits for those writes on whichever database member answers.
 *
 * @param token a token issued by {@link Consistency#token()}; null for "whatever the answering member has"
 */
public record Revision(@Nullable String token) {
  /** No requirement: the latest state the answering member has. */
  public static final Revision ANY = new Revision(null);

  /**
   * Applies this revision to a read: the read's transactions wait for the token's writes. Within a request that
   * already carries a {@link Consistency}, the request's own one stays in force (it holds its own writes too).
   */
  public <T> Mono<T> apply(Mono<T> read) {
    if (token == null) {
      return read;
    }
    Consistency at = Consistency.of(token);
    return read.contextWrite(context -> context.hasKey(Consistency.CONTEXT_KEY)
        ? context
        : Context.of(context).put(Consistency.CONTEXT_KEY, at));
  }

  /** The revision the current request's writes have reached ({@link #ANY} if it wrote nothing). */
  public static Mono<Revision> ofWrites() {
    return Mono.deferContextual(context -> {
      Consistency consistency = Consistency.in(context);
      return Mono.just(
          consistency != null && consistency.hasWritten()
              ? new Revision(consistency.token())
              : ANY);
    });
  }
}
