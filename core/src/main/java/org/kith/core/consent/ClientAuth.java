package org.kith.core.consent;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.kith.core.net.OutboundTargets;

/**
 * How an application authenticates to the OpenID Provider besides its secret, and whether it is a resource server.
 * {@code jwks} (an inline public JWK set) or {@code jwksUri} (where Kith fetches it) enable {@code private_key_jwt}
 * (RFC 7523, OpenID Connect Core §9); an application with either must use it (it is never a public client).
 * {@code resourceServer} lets it introspect access and refresh tokens (RFC 7662) issued to the applications of its
 * own administration: its organisation, or, for an application without one, its owner's applications without one.
 */
public record ClientAuth(
    @Nullable Map<String, Object> jwks, @Nullable String jwksUri, boolean resourceServer) {
  /** No keys, not a resource server. */
  public static final ClientAuth NONE = new ClientAuth(null, null, false);

  private static final Pattern LOOPBACK_LITERAL =
      Pattern.compile("127(?:\\.[0-9]{1,3}){3}|\\[::1\\]");

  public ClientAuth {
    jwks = jwks == null ? null : Map.copyOf(jwks);
  }

  /** Whether the application registered keys (then it must authenticate with {@code private_key_jwt} or secret). */
  public boolean hasKeys() {
    return jwks != null || jwksUri != null;
  }

  /**
   * What is wrong with a {@code jwks_uri}, or null: it must be an absolute https URL without user info or fragment,
   * of at most 2,000 characters, whose host Kith may connect to ({@link OutboundTargets#urlProblem}); plain http is
   * accepted only for a loopback IP literal when the operator permits loopback (development and tests).
   */
  public static @Nullable String jwksUriProblem(String url, OutboundTargets targets) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return "jwks_uri is not a URL";
    }
    if (url.length() > 2000
        || uri.getRawUserInfo() != null
        || uri.getRawFragment() != null
        || uri.getHost() == null) {
      return "jwks_uri is an absolute URL of at most 2000 characters without user info or fragment";
    }
    boolean loopbackHttp = "http".equals(uri.getScheme())
        && LOOPBACK_LITERAL.matcher(uri.getHost()).matches()
        && targets.permits(InetAddress.getLoopbackAddress());
    if (!"https".equals(uri.getScheme()) && !loopbackHttp) {
      return "jwks_uri must be an https URL";
    }
    String problem = targets.urlProblem(url);
    return problem == null ? null : "jwks_uri: " + problem;
  }
}
