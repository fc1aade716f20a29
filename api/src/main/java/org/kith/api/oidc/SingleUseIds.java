package org.kith.api.oidc;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;

/**
 * Ids that may be used once (a client assertion's {@code jti}), remembered on this node for {@code keep} (the time
 * within which the thing carrying them is still accepted), at most {@code max} at a time. It never forgets an id
 * early: when full it refuses new ids ({@link Use#FULL}, fail closed, as {@link DPoPProofs} does) rather than evict
 * one that could then be replayed. Thread-safe; concurrent first uses may overshoot {@code max} by a few.
 */
final class SingleUseIds {
  enum Use {
    FIRST,
    REPLAYED,
    FULL
  }

  private final Cache<String, Boolean> used;
  private final long max;

  SingleUseIds(Duration keep, long max, Ticker ticker) {
    this.used = Caffeine.newBuilder().expireAfterWrite(keep).ticker(ticker).build();
    this.max = max;
  }

  Use use(String id) {
    if (used.getIfPresent(id) != null) {
      return Use.REPLAYED;
    }
    if (used.estimatedSize() >= max) {
      // expired ids still count until the cache's maintenance drops them
      used.cleanUp();
      if (used.estimatedSize() >= max) {
        return Use.FULL;
      }
    }
    return used.asMap().putIfAbsent(id, Boolean.TRUE) == null ? Use.FIRST : Use.REPLAYED;
  }
}
