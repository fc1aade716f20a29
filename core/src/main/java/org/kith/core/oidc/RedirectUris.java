package org.kith.core.oidc;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Which redirect URI a request may name: exactly one of the application's registered callback URIs (OAuth 2.1
 * §2.3.1, compared as strings), except that for an http loopback IP literal ({@code 127.0.0.1}, {@code [::1]}) the
 * port may differ, because a native app listens on whatever port it gets (RFC 8252 §7.3).
 */
public final class RedirectUris {
  private RedirectUris() {}

  /** Whether {@code presented} is allowed by {@code registered}. */
  public static boolean allowed(List<String> registered, String presented) {
    if (registered.contains(presented)) {
      return true;
    }
    URI asked = loopback(presented);
    if (asked == null) {
      return false;
    }
    return registered.stream()
        .map(RedirectUris::loopback)
        .anyMatch(r -> r != null
            && r.getHost().equals(asked.getHost())
            && same(r.getRawPath(), asked.getRawPath())
            && same(r.getRawQuery(), asked.getRawQuery()));
  }

  private static boolean same(@Nullable String a, @Nullable String b) {
    return a == null ? b == null : a.equals(b);
  }

  /** The URI if it is http on a loopback IP literal, without user info or fragment; otherwise null. */
  private static @Nullable URI loopback(String value) {
    try {
      URI uri = new URI(value);
      if (!"http".equals(uri.getScheme())
          || uri.getRawUserInfo() != null
          || uri.getRawFragment() != null
          || uri.getHost() == null) {
        return null;
      }
      String host = uri.getHost().toLowerCase(Locale.ROOT);
      return host.equals("127.0.0.1") || host.equals("[::1]") ? uri : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }
}
