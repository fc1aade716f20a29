package org.kith.core;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The one place that decides which links Kith keeps to show to people or to send their browsers to. Only
 * {@code https} (and {@code http} where stated) with a host and no user part: never {@code javascript:},
 * {@code data:text/html}, {@code vbscript:} or any other scheme a browser would run, and never
 * {@code https://bank.example@evil.example}, which reads as one site and opens another. Each method answers the
 * problem to report for the field, or null when the value is acceptable. Thread-safe.
 */
public final class WebLinks {
  /** Longest link kept. */
  public static final int MAX_LENGTH = 2_048;

  /** Longest inline picture ({@code data:image/…;base64,…}), about 48 KiB of image. */
  public static final int MAX_INLINE_PICTURE = 65_536;

  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

  /** Raster images only: an SVG may carry script. */
  private static final Pattern INLINE_PICTURE =
      Pattern.compile("data:image/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/]+={0,2}");

  private WebLinks() {}

  /** A link people follow or a page shows (short links, page links, logos): absolute http or https. */
  public static @Nullable String webProblem(@Nullable String value, int maxLength) {
    if (value == null || value.length() > maxLength) {
      return "an absolute http(s) URL of at most " + maxLength + " characters";
    }
    URI uri = parse(value);
    if (uri == null || !isWeb(uri, true)) {
      return "an absolute http(s) URL with a host (no user name in it)";
    }
    return null;
  }

  /**
   * Where Kith sends a browser carrying a person's data (callback and logout URIs): absolute https, plain http
   * only to a loopback host (development and native apps, RFC 8252), no fragment.
   */
  public static @Nullable String redirectProblem(@Nullable String value) {
    if (value == null || value.length() > MAX_LENGTH) {
      return "a URI of at most " + MAX_LENGTH + " characters";
    }
    URI uri = parse(value);
    if (uri == null || !isWeb(uri, true) || uri.getFragment() != null) {
      return "an absolute URI with a host, no user name and no fragment";
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    return scheme.equals("https") || LOOPBACK.contains(host)
        ? null
        : "use https (http only for localhost)";
  }

  /** A picture shown on a consent screen: an https URL, or an inline PNG, JPEG, GIF or WebP image. */
  public static @Nullable String pictureProblem(@Nullable String value) {
    if (value == null) {
      return "an https URL or an inline data:image/png, jpeg, gif or webp picture";
    }
    if (value.regionMatches(true, 0, "data:", 0, 5)) {
      return value.length() <= MAX_INLINE_PICTURE
              && INLINE_PICTURE.matcher(value).matches()
          ? null
          : "an inline picture is data:image/png, jpeg, gif or webp;base64 of at most "
              + MAX_INLINE_PICTURE + " characters";
    }
    URI uri = value.length() > MAX_LENGTH ? null : parse(value);
    return uri != null && isWeb(uri, false)
        ? null
        : "an https URL of at most " + MAX_LENGTH + " characters or an inline data:image picture";
  }

  private static boolean isWeb(URI uri, boolean plainHttpToo) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean web = scheme.equals("https") || (plainHttpToo && scheme.equals("http"));
    return web
        && uri.isAbsolute()
        && uri.getHost() != null
        && !uri.getHost().isEmpty()
        && uri.getRawUserInfo() == null;
  }

  /** The URI, or null when it is not one (control characters, spaces and other illegal characters included). */
  private static @Nullable URI parse(String value) {
    try {
      return new URI(value);
    } catch (URISyntaxException e) {
      return null;
    }
  }
}
