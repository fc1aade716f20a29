package org.kith.graph.neo4j;

import java.util.Set;
import java.util.stream.Collectors;
import org.kith.core.Consistency;
import org.neo4j.driver.AccessMode;
import org.neo4j.driver.Bookmark;
import org.neo4j.driver.Driver;
import org.neo4j.driver.SessionConfig;
import reactor.util.context.ContextView;

/** Session settings with Kith's consistency rules. */
public final class Sessions {
  private Sessions() {}

  /**
   * A session that sees every write this API node acknowledged before (the driver's shared bookmark manager) and,
   * if the request in {@code context} carries a {@link Consistency}, what its token stands for, whichever node
   * wrote it, as well as the request's own earlier writes.
   */
  public static SessionConfig config(
      Driver driver, String database, AccessMode mode, ContextView context) {
    SessionConfig.Builder config = SessionConfig.builder()
        .withDatabase(database)
        .withDefaultAccessMode(mode)
        .withBookmarkManager(driver.executableQueryBookmarkManager());
    Consistency consistency = Consistency.in(context);
    if (consistency != null) {
      Set<String> required = consistency.required();
      if (!required.isEmpty()) {
        config.withBookmarks(required.stream().map(Bookmark::from).collect(Collectors.toSet()));
      }
    }
    return config.build();
  }

  /** Hands a write session's last bookmarks to the request's {@link Consistency}, if it has one. */
  static void wrote(ContextView context, Set<Bookmark> bookmarks) {
    Consistency consistency = Consistency.in(context);
    if (consistency != null) {
      consistency.wrote(bookmarks.stream().map(Bookmark::value).collect(Collectors.toSet()));
    }
  }
}
