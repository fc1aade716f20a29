package org.kith.core.consent;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A third party that receives consented data. {@code key} is its public client id; its secret is stored only as
 * a hash. {@code ownerUId} created it and administers it, as do the admins of {@code orgId} if it belongs to one.
 * {@code clientAuth}: its client keys and whether it is a resource server.
 *
 * @param requirePar as an OpenID Connect client, it must push its authorization requests (RFC 9126)
 * @param requireDpop as an OpenID Connect client, its tokens must be bound to a DPoP key (RFC 9449)
 */
public record AccessApplication(
    String aId,
    String name,
    @Nullable String description,
    List<String> scopes,
    List<String> callbackUris,
    @Nullable String logoutUri,
    @Nullable String picture,
    List<Map<String, Object>> transitions,
    List<String> tags,
    Map<String, Object> theme,
    String key,
    String ownerUId,
    @Nullable String orgId,
    Instant createdAt,
    ClientAuth clientAuth,
    boolean requirePar,
    boolean requireDpop) {
  public AccessApplication {
    scopes = List.copyOf(scopes);
    callbackUris = List.copyOf(callbackUris);
    transitions = List.copyOf(transitions);
    tags = List.copyOf(tags);
    theme = Map.copyOf(theme);
  }

  /** An application without client keys that is not a resource server. */
  public AccessApplication(
      String aId,
      String name,
      @Nullable String description,
      List<String> scopes,
      List<String> callbackUris,
      @Nullable String logoutUri,
      @Nullable String picture,
      List<Map<String, Object>> transitions,
      List<String> tags,
      Map<String, Object> theme,
      String key,
      String ownerUId,
      @Nullable String orgId,
      Instant createdAt) {
    this(
        aId,
        name,
        description,
        scopes,
        callbackUris,
        logoutUri,
        picture,
        transitions,
        tags,
        theme,
        key,
        ownerUId,
        orgId,
        createdAt,
        ClientAuth.NONE,
        false,
        false);
  }
}
