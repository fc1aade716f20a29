package org.kith.core.oidc;

/**
 * A refusal in the OAuth 2.0 / OpenID Connect vocabulary (RFC 6749 §5.2, RFC 6750 §3.1): the token, userinfo and
 * revocation endpoints answer it as {@code {error, error_description}} (or a {@code WWW-Authenticate} challenge),
 * not as an RFC 9457 problem, because that is what relying-party libraries read. Its {@link #error} is the
 * registered error code, such as {@code invalid_grant}.
 */
public final class OAuthRefusal extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String error;

  public OAuthRefusal(String error, String description) {
    super(description, null, false, false);
    this.error = error;
  }

  public static OAuthRefusal invalidGrant(String description) {
    return new OAuthRefusal("invalid_grant", description);
  }

  public static OAuthRefusal invalidToken(String description) {
    return new OAuthRefusal("invalid_token", description);
  }

  public String error() {
    return error;
  }
}
