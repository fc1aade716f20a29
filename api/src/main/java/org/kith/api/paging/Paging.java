package org.kith.api.paging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.kith.core.Rejected;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Keyset paging of the list routes that answer a JSON array: {@code limit} (1 to {@value #MAX}, 100 unless given)
 * and an opaque {@code cursor}. A page that is not the last carries {@code Link: <…&cursor=…>; rel="next"} (RFC
 * 8288, relative to this server, never built from the Host header) and the same cursor in {@code Kith-Next-Cursor}.
 * A cursor names the last item's position in the route's order, so items added while a client pages appear before
 * or after it but never twice, and none that existed is skipped.
 */
public final class Paging {
  public static final int MAX = 1_000;
  public static final int DEFAULT = 100;
  public static final String NEXT_CURSOR = "Kith-Next-Cursor";
  private static final int MAX_CURSOR = 1_024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private Paging() {}

  /** The page size asked for, within 1 and {@value #MAX}. */
  public static int size(@Nullable Integer limit) {
    return limit == null ? DEFAULT : Math.min(Math.max(limit, 1), MAX);
  }

  /** The parts of a cursor made by {@link #answer} ({@code parts} of them), or null without one; 400 if bad. */
  public static @Nullable List<String> position(@Nullable String cursor, int parts) {
    if (cursor == null) {
      return null;
    }
    Rejected bad = badCursor();
    if (cursor.length() > MAX_CURSOR) {
      throw bad;
    }
    try {
      List<?> decoded = JSON.readValue(Base64.getUrlDecoder().decode(cursor), List.class);
      if (decoded.size() != parts || !decoded.stream().allMatch(p -> p instanceof String)) {
        throw bad;
      }
      return decoded.stream().map(String.class::cast).toList();
    } catch (IllegalArgumentException | java.io.IOException e) {
      throw bad;
    }
  }

  /**
   * The position a cursor names, read from its {@code parts} by {@code read}; null without a cursor; 400 if the
   * cursor, or a part {@code read} cannot parse, is not one this server made.
   */
  public static <T> @Nullable T position(
      @Nullable String cursor, int parts, Function<List<String>, T> read) {
    List<String> p = position(cursor, parts);
    if (p == null) {
      return null;
    }
    try {
      return read.apply(p);
    } catch (RuntimeException e) {
      throw badCursor();
    }
  }

  private static Rejected badCursor() {
    return Rejected.invalid("cursor", "cursor is not one this server gave");
  }

  /** The next page of a listing: its cursor, and the relative link to it. */
  public record Next(String cursor, String link) {
    /** The headers that announce it: {@code Link rel=next} and {@code Kith-Next-Cursor}. */
    public HttpHeaders headers() {
      HttpHeaders h = new HttpHeaders();
      h.add(HttpHeaders.LINK, "<" + link + ">; rel=\"next\"");
      h.add(NEXT_CURSOR, cursor);
      return h;
    }
  }

  /**
   * The next page after {@code fetched}, asked for with {@code size + 1} items (a further one tells there is
   * more), or null when this is the last; {@code cursorOf} gives an item's position parts.
   */
  public static <T> @Nullable Next next(
      ServerHttpRequest request, List<T> fetched, int size, Function<T, List<String>> cursorOf) {
    if (fetched.size() <= size) {
      return null;
    }
    String cursor = encode(cursorOf.apply(fetched.get(size - 1)));
    String link = UriComponentsBuilder.fromPath(request.getPath().value())
        .query(request.getURI().getRawQuery())
        .replaceQueryParam("cursor", cursor)
        .replaceQueryParam("limit", size)
        .build(true)
        .toUriString();
    return new Next(cursor, link);
  }

  /** A listing answered as a JSON array: the page of {@code fetched}, with {@link #next}'s headers if any. */
  public static <T, V> ResponseEntity<List<V>> answer(
      ServerHttpRequest request,
      List<T> fetched,
      int size,
      Function<T, List<String>> cursorOf,
      Function<T, V> view) {
    List<V> page = fetched.stream().limit(size).map(view).toList();
    Next next = next(request, fetched, size, cursorOf);
    return next == null
        ? ResponseEntity.ok(page)
        : ResponseEntity.ok().headers(next.headers()).body(page);
  }

  private static String encode(List<String> parts) {
    try {
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(JSON.writeValueAsString(parts).getBytes(StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
