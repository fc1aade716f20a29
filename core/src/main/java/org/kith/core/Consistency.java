package org.kith.core;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import reactor.util.context.ContextView;

/**
 * Read-your-writes across API nodes (Zanzibar's "zookie"): the database bookmarks of a request's writes, handed
 * to the client as an opaque consistency token, and the bookmarks a client hands back, which every transaction of
 * its next request (on any API node) waits for. A request carries one of these in its Reactor context under
 * {@link #CONTEXT_KEY}; the graph adapter applies it to each database session. Thread-safe.
 */
public final class Consistency {
  public static final String CONTEXT_KEY = Consistency.class.getName();
  /** Longest token accepted, and most bookmarks in one (a cluster needs one per database). */
  public static final int MAX_TOKEN_LENGTH = 4_096;

  static final int MAX_BOOKMARKS = 16;
  private static final String VERSION = "k1.";

  private final Set<String> required;
  private final AtomicReference<Set<String>> written = new AtomicReference<>(Set.of());

  private Consistency(Set<String> required) {
    this.required = Set.copyOf(required);
  }

  /** A request without a token. */
  public static Consistency none() {
    return new Consistency(Set.of());
  }

  /** A request that must see at least what {@code token} stands for; a malformed token is a 400. */
  public static Consistency of(@Nullable String token) {
    if (token == null || token.isBlank()) {
      return none();
    }
    Rejected malformed =
        Rejected.invalid("Kith-Consistency-Token", "not a consistency token Kith issued");
    if (token.length() > MAX_TOKEN_LENGTH || !token.startsWith(VERSION)) {
      throw malformed;
    }
    Set<String> bookmarks = new LinkedHashSet<>();
    try {
      String decoded = new String(
          Base64.getUrlDecoder().decode(token.substring(VERSION.length())), StandardCharsets.UTF_8);
      for (String value : decoded.split("\n", -1)) {
        if (value.isEmpty() || value.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
          throw malformed;
        }
        bookmarks.add(value);
      }
    } catch (IllegalArgumentException e) {
      throw malformed;
    }
    if (bookmarks.size() > MAX_BOOKMARKS) {
      throw malformed;
    }
    return new Consistency(bookmarks);
  }

  /** The consistency of the current request, if a filter put one into the context. */
  public static @Nullable Consistency in(ContextView context) {
    return context.getOrDefault(CONTEXT_KEY, null);
  }

  /** Bookmarks a transaction of this request must see: the token's and the request's own earlier writes. */
  public Set<String> required() {
    Set<String> all = new LinkedHashSet<>(required);
    all.addAll(written.get());
    return all;
  }

  /** Records the bookmarks a write transaction of this request ended with. */
  public void wrote(Set<String> bookmarks) {
    if (!bookmarks.isEmpty()) {
      written.set(Set.copyOf(bookmarks));
    }
  }

  /** Whether this request wrote anything (and so has a token to hand out). */
  public boolean hasWritten() {
    return !written.get().isEmpty();
  }

  /** The token for what this request wrote. */
  public String token() {
    return VERSION
        + Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(String.join("\n", written.get()).getBytes(StandardCharsets.UTF_8));
  }
}
