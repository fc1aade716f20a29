package org.kith.core.consent;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a caller sends to create or update an application. {@code requirePar} and {@code requireDpop} left out are
 * false at creation and unchanged by an update.
 */
public record NewApplication(
    @Nullable String name,
    @Nullable String description,
    @Nullable List<String> scopes,
    @Nullable List<String> callbackUri,
    @Nullable String logoutUri,
    @Nullable String picture,
    @Nullable List<?> transitions,
    @Nullable List<String> tags,
    @Nullable Map<String, Object> theme,
    boolean generateSecret,
    @Nullable String orgId,
    ClientAuth clientAuth,
    @Nullable Boolean requirePar,
    @Nullable Boolean requireDpop) {
  /** A request without client keys, not for a resource server, without OpenID Connect client requirements. */
  public NewApplication(
      @Nullable String name,
      @Nullable String description,
      @Nullable List<String> scopes,
      @Nullable List<String> callbackUri,
      @Nullable String logoutUri,
      @Nullable String picture,
      @Nullable List<?> transitions,
      @Nullable List<String> tags,
      @Nullable Map<String, Object> theme,
      boolean generateSecret,
      @Nullable String orgId) {
    this(
        name,
        description,
        scopes,
        callbackUri,
        logoutUri,
        picture,
        transitions,
        tags,
        theme,
        generateSecret,
        orgId,
        ClientAuth.NONE,
        null,
        null);
  }
}
