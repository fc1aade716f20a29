package org.kith.core.oidc;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.kith.core.Rejected;
import org.kith.core.account.Principal;
import org.kith.core.account.SecretHasher;
import org.kith.core.audit.AuditEvent;
import org.kith.core.audit.AuditTrail;
import org.kith.core.audit.OidcEvent;
import org.kith.core.consent.AccessApplication;
import org.kith.core.consent.ApplicationStore;
import org.kith.core.consent.InstanceStore;
import reactor.core.publisher.Mono;

/**
 * Token introspection (RFC 7662) for resource servers: an application with {@code resource_server} set learns
 * whether an access or refresh token is live and what it stands for. It is entitled only to tokens issued to the
 * applications of its own administration: with an organisation, the applications of that organisation; without
 * one, its owner's applications that have no organisation (Kith's access tokens all have Kith as {@code aud}, so the
 * audience names no resource server). Any other token, and any token whose grant has been revoked or whose consent
 * instance has ended, is simply inactive: the answer never tells which. An active answer is audited on the grant's
 * trail ({@code oidc_introspect}). Thread-safe.
 */
public final class TokenIntrospection {
  private final RelyingPartyTokens tokens;
  private final AuthorizationStore store;
  private final ApplicationStore apps;
  private final InstanceStore instances;
  private final SecretHasher secrets;
  private final AuditTrail audit;
  private final Clock clock;

  public TokenIntrospection(
      RelyingPartyTokens tokens,
      AuthorizationStore store,
      ApplicationStore apps,
      InstanceStore instances,
      SecretHasher secrets,
      AuditTrail audit,
      Clock clock) {
    this.tokens = tokens;
    this.store = store;
    this.apps = apps;
    this.instances = instances;
    this.secrets = secrets;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * What a live token stands for. {@code refresh} tells a refresh token (no {@code issuedAt}, no DPoP binding shown)
   * from an access token; {@code subject} is the pairwise subject of the client it was issued to.
   */
  public record Active(
      boolean refresh,
      String clientId,
      String subject,
      Set<String> scopes,
      @Nullable Instant issuedAt,
      Instant expiresAt,
      @Nullable String dpopThumbprint) {
    public Active {
      scopes = Set.copyOf(scopes);
    }
  }

  /** The token as {@code resourceServer} may see it; empty when it is inactive or not for this resource server. */
  public Mono<Active> introspect(AccessApplication resourceServer, String token) {
    if (!resourceServer.clientAuth().resourceServer() || token.isEmpty() || token.length() > 8192) {
      return Mono.empty();
    }
    Instant now = clock.instant();
    return Mono.defer(() -> token.indexOf('.') >= 0 ? access(token) : refresh(token, now))
        .flatMap(found -> entitled(resourceServer, found.grant(), now)
            .flatMap(ok -> audit
                .append(List.of(AuditEvent.of(
                    found.grant().grantId(),
                    Principal.APPLICATION_PREFIX + resourceServer.aId(),
                    now,
                    new OidcEvent.Introspected(found.grant().aId(), resourceServer.aId()))))
                .thenReturn(found.active())));
  }

  private record Found(RelyingPartyGrant grant, Active active) {}

  private Mono<Found> access(String token) {
    GrantedAccess a;
    try {
      a = tokens.verifyAccessToken(token);
    } catch (Rejected e) {
      return Mono.empty();
    }
    return store
        .activeGrant(a.grantId())
        .map(g -> new Found(
            g,
            new Active(
                false,
                a.clientId(),
                a.subject(),
                a.scopes(),
                a.issuedAt(),
                a.expiresAt(),
                a.dpopThumbprint())));
  }

  private Mono<Found> refresh(String token, Instant now) {
    return store
        .liveRefresh(secrets.hash(token), now)
        .map(live -> new Found(
            live.grant(),
            new Active(
                true,
                live.grant().clientId(),
                PairwiseSubjects.of(secrets, live.grant().aId(), live.grant().uId()),
                live.grant().scopes(),
                null,
                live.expiresAt(),
                null)));
  }

  /** True when the resource server may see tokens of this grant and its consent is still on; else empty. */
  private Mono<Boolean> entitled(AccessApplication rs, RelyingPartyGrant grant, Instant now) {
    return apps.find(grant.aId())
        .filter(client -> client.aId().equals(rs.aId()) || sameAdministration(rs, client))
        .flatMap(client -> instances.find(grant.iId()))
        .filter(instance -> instance.activeAt(now))
        .map(instance -> true);
  }

  private static boolean sameAdministration(AccessApplication rs, AccessApplication client) {
    if (rs.orgId() != null) {
      return rs.orgId().equals(client.orgId());
    }
    return client.orgId() == null && rs.ownerUId().equals(client.ownerUId());
  }
}
