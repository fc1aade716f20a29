package org.kith.graph.query;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.function.BiFunction;

/**
 * The guard's rewrites of query texts, cached by check and text: the rewrite is a function of the text alone,
 * and parsing is about a millisecond (more than an indexed lookup's whole run). Thread-safe.
 */
final class Rewrites {
  static final int MAX_CACHED_TEXT = 4_000;

  /**
   * Bounded by characters held (texts and rewrites, ~8 MB); refused texts are not kept, and texts longer than
   * {@link #MAX_CACHED_TEXT} are rewritten every time.
   */
  private final Cache<String, String> rewrites = Caffeine.newBuilder()
      .maximumWeight(4_000_000)
      .weigher((String key, String rewritten) -> key.length() + rewritten.length())
      .build();

  private final BiFunction<String, CypherGuard.Check, String> rewriter;

  Rewrites(BiFunction<String, CypherGuard.Check, String> rewriter) {
    this.rewriter = rewriter;
  }

  /** {@code query} rewritten for {@code check}; throws what the rewriter throws for a refused text. */
  String of(String query, CypherGuard.Check check) {
    String key = check.name() + ':' + query;
    String known = rewrites.getIfPresent(key);
    if (known != null) {
      return known;
    }
    String rewritten = rewriter.apply(query, check);
    if (query.length() <= MAX_CACHED_TEXT) {
      rewrites.put(key, rewritten);
    }
    return rewritten;
  }
}
