package org.kith.api.profile;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.kith.api.profile.ProfileResponses.ProfileObjectView;
import org.kith.core.ProblemKind;
import org.kith.core.Rejected;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * {@code Idempotency-Key} for {@code POST /v1/db/profile-objects} (IETF draft "The Idempotency-Key HTTP Header
 * Field"): the same caller sending the same key again within 24 hours gets the first request's answer, and no
 * second object, also while the first is still being written (a double click); the same key with another body is
 * a 422 problem. A failed request forgets its key, so it can be retried. Keys are kept in memory (Kith runs as one
 * process), at most {@link #MAX_KEYS}, the oldest dropped first. Thread-safe.
 */
@Component
final class IdempotentCreates {
  static final String HEADER = "Idempotency-Key";
  static final Duration KEPT = Duration.ofHours(24);
  static final int MAX_KEYS = 10_000;
  private static final int MAX_KEY_LENGTH = 255;

  private record Entry(String bodyHash, Instant at, Mono<List<ProfileObjectView>> result) {}

  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private final Clock clock;

  IdempotentCreates(Clock clock) {
    this.clock = clock;
  }

  /** Runs {@code create} once per caller and key; without a key, every time. */
  Mono<List<ProfileObjectView>> once(
      String uId,
      @Nullable String key,
      String body,
      Supplier<Mono<List<ProfileObjectView>>> create) {
    if (key == null) {
      return create.get();
    }
    if (key.isBlank()
        || key.length() > MAX_KEY_LENGTH
        || !key.chars().allMatch(c -> c > 32 && c < 127)) {
      return Mono.error(
          Rejected.invalid(HEADER, "Idempotency-Key must be 1 to 255 visible ASCII characters"));
    }
    String id = uId + "\n" + key;
    String hash = sha256(body);
    Instant now = clock.instant();
    Entry entry;
    synchronized (entries) {
      expire(now);
      entry = entries.get(id);
      if (entry == null) {
        Mono<List<ProfileObjectView>> result = Mono.defer(create).cache();
        Entry fresh = new Entry(hash, now, result);
        entries.put(id, fresh);
        entry = fresh;
      } else if (!entry.bodyHash().equals(hash)) {
        return Mono.error(Rejected.of(
            ProblemKind.UNPROCESSABLE,
            "this Idempotency-Key was already used for another request"));
      }
    }
    Entry used = entry;
    return used.result().doOnError(e -> {
      synchronized (entries) {
        entries.remove(id, used);
      }
    });
  }

  private void expire(Instant now) {
    Iterator<Entry> it = entries.values().iterator();
    while (it.hasNext()) {
      Entry e = it.next();
      if (entries.size() >= MAX_KEYS || e.at().plus(KEPT).isBefore(now)) {
        it.remove();
      } else {
        break; // insertion order: the rest are newer
      }
    }
  }

  private static String sha256(String body) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
