package org.kith.api.web;

import org.jspecify.annotations.Nullable;
import org.kith.core.account.Principal;

/**
 * Who calls a route open to everyone: the authenticated {@link Principal}, or nobody ({@code null}) when the
 * request carries no credential. A handler parameter of this type makes its route work without a token; a
 * request with a bad token is still refused by {@link BearerAuthenticationFilter}.
 */
public record Caller(@Nullable Principal principal) {
  /** The caller's {@code u_id}, or {@code null} for an anonymous caller. */
  public @Nullable String uId() {
    return principal == null ? null : principal.uId();
  }

  public boolean anonymous() {
    return principal == null;
  }
}
