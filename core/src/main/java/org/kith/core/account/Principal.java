package org.kith.core.account;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The authenticated caller of one request. {@code sessionId} is the refresh-token family the caller's
 * tokens belong to (absent for personal access tokens); {@code scopes} bounds what the credential may do.
 */
public record Principal(
    String uId,
    String username,
    Set<String> roles,
    Set<Scope> scopes,
    @Nullable String sessionId,
    Credential credential) {

  /** How the caller authenticated. */
  public enum Credential {
    TOKEN,
    PERSONAL_ACCESS_TOKEN,
    /** An access application's client-credentials token; {@code uId} is {@code app:<a_id>}. */
    APPLICATION
  }

  /** Prefix of an application principal's {@code uId}. */
  public static final String APPLICATION_PREFIX = "app:";

  public Principal {
    roles = Set.copyOf(roles);
    scopes = Set.copyOf(scopes);
  }

  /** Whether the platform role (for example {@code admin}) is held. */
  public boolean hasRole(String role) {
    return roles.contains(role);
  }

  /** Whether this credential may do what the scope allows. */
  public boolean allows(Scope scope) {
    return scopes.contains(scope);
  }
}
