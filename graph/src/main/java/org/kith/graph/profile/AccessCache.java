package org.kith.graph.profile;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.kith.core.authz.Access;
import org.kith.graph.neo4j.GraphConnection;
import org.kith.graph.neo4j.VisibilityVersion;

/**
 * The permission check's answers per (caller, object), each tagged with the caller's {@link VisibilityVersion} read
 * before the check's query ran. An answer is served only while the caller's version still shows that tag: the
 * version moves on every commit that may change what anyone can see (a grant or membership created or deleted, a
 * cascade changed, a relationship between objects drawn or removed, an object, user or group deleted), in the
 * committing thread before the commit is acknowledged. So once a revoke has been acknowledged, and therefore before
 * any consistency token naming it exists, every answer cached before it is stale and none is used: the version is
 * a revision at least as fine as the token. Only with the embedded database (the one whose every writer this
 * process sees); with an external server {@link #disabled()} caches nothing. Only objects that exist are cached.
 * Thread-safe.
 */
public final class AccessCache {
  /** Answers kept at most (about 200 bytes each). */
  static final long MAX_ENTRIES = 200_000;

  private final @Nullable VisibilityVersion visibility;
  private final @Nullable Cache<Key, Tagged> answers;

  private record Key(String uId, String nId) {}

  private record Tagged(long version, Access access) {}

  AccessCache(@Nullable VisibilityVersion visibility) {
    this.visibility = visibility;
    this.answers = visibility == null
        ? null
        : Caffeine.newBuilder().maximumSize(MAX_ENTRIES).build();
  }

  /** A cache on the connection's visibility version: active with the embedded database, empty otherwise. */
  public static AccessCache of(GraphConnection connection) {
    return new AccessCache(connection.visibilityVersion());
  }

  /** A cache that never holds anything. */
  public static AccessCache disabled() {
    return new AccessCache(null);
  }

  private static String caller(@Nullable String uId) {
    return uId == null ? "" : uId;
  }

  /** The caller's version now, to take before a check's query runs and hand to {@link #put}; -1 if disabled. */
  long tag(@Nullable String uId) {
    return visibility == null ? -1 : visibility.current(caller(uId));
  }

  /** The cached answer, if one was computed since the caller's last visibility change. */
  Optional<Access> get(@Nullable String uId, String nId) {
    if (answers == null) {
      return Optional.empty();
    }
    Tagged t = answers.getIfPresent(new Key(caller(uId), nId));
    return t != null && t.version() == tag(uId) ? Optional.of(t.access()) : Optional.empty();
  }

  /**
   * Keeps an answer computed by a query that started after {@code tag} was taken; an answer whose object does not
   * exist is not kept (an id nobody has used yet may be created later).
   */
  void put(@Nullable String uId, String nId, long tag, Access access) {
    if (answers != null && access.exists() && tag >= 0) {
      answers.put(new Key(caller(uId), nId), new Tagged(tag, access));
    }
  }
}
