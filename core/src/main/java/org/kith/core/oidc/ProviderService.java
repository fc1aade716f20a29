package org.kith.core.oidc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.kith.core.Digests;
import org.kith.core.Ids;
import org.kith.core.Rejected;
import org.kith.core.account.Principal;
import org.kith.core.account.SecretHasher;
import org.kith.core.audit.AuditEvent;
import org.kith.core.audit.ConsentEvent;
import org.kith.core.audit.OidcEvent;
import org.kith.core.consent.InstanceStore;
import reactor.core.publisher.Mono;

/**
 * Kith as an OpenID Provider's token side, after the edge has parsed and checked the protocol messages (the
 * person's answer is {@link ConsentInteraction}'s): a code becomes tokens once, refresh tokens rotate, and every
 * token use re-checks the grant and its consent instance, so a withdrawal or a revocation is effective from the
 * next call.
 */
public final class ProviderService {
  /** The {@code acr} of a password login; the {@code amr} of it is {@code pwd} (RFC 8176). */
  public static final String ACR_PASSWORD =
      org.kith.core.account.AuthenticationMethods.ACR_PASSWORD;

  private final AuthorizationStore store;
  private final InstanceStore instances;
  private final RelyingPartyTokens tokens;
  private final SecretHasher secrets;
  private final ProviderSettings settings;
  private final Clock clock;
  private final VerifiedClaims verified;

  public ProviderService(
      AuthorizationStore store,
      InstanceStore instances,
      RelyingPartyTokens tokens,
      SecretHasher secrets,
      ProviderSettings settings,
      Clock clock,
      VerifiedClaims verified) {
    this.store = store;
    this.instances = instances;
    this.tokens = tokens;
    this.secrets = secrets;
    this.settings = settings;
    this.clock = clock;
    this.verified = verified;
  }

  /** Tokens for a relying party; {@code idToken} only from a code exchange. */
  public record TokenSet(
      String accessToken,
      @Nullable String idToken,
      String refreshToken,
      Duration expiresIn,
      Set<String> scopes,
      boolean dpopBound) {}

  /**
   * The code's first use by the client it was issued to, at the redirect URI it was issued for, with the PKCE
   * verifier whose S256 challenge ({@code verifierChallenge}, computed by the edge) it was bound to, and the DPoP key
   * it was bound to: the grant starts. A second use revokes what the first issued.
   */
  public Mono<TokenSet> exchange(
      String aId,
      String code,
      String redirectUri,
      String verifierChallenge,
      @Nullable String dpopThumbprint) {
    Instant now = clock.instant();
    String refresh = Ids.secret256();
    return store
        .redeem(secrets.hash(code), now, g -> {
          // checked first, without spending the code: a thief of the code alone
          // (not its DPoP key) cannot burn it before its client exchanges it
          if (g.dpopThumbprint() != null && !g.dpopThumbprint().equals(dpopThumbprint)) {
            return new AuthorizationStore.Refuse(
                new OAuthRefusal(
                    "invalid_dpop_proof", "the DPoP key is not the one the code is bound to"),
                false);
          }
          if (!g.aId().equals(aId) || !g.redirectUri().equals(redirectUri)) {
            return new AuthorizationStore.Refuse(
                OAuthRefusal.invalidGrant("the code was issued to another client or redirect_uri"),
                true);
          }
          if (!Digests.same(g.codeChallenge(), verifierChallenge)) {
            return new AuthorizationStore.Refuse(
                OAuthRefusal.invalidGrant("the code_verifier does not match the code_challenge"),
                true);
          }
          RelyingPartyGrant grant = new RelyingPartyGrant(
              Ids.uuid(),
              aId,
              g.clientId(),
              g.uId(),
              g.iId(),
              g.scopes(),
              dpopThumbprint,
              g.authTime(),
              now,
              g.amr());
          return new AuthorizationStore.Start(
              grant,
              secrets.hash(refresh),
              now.plus(settings.refreshTtl()),
              List.of(AuditEvent.of(
                  g.iId(),
                  g.uId(),
                  now,
                  new OidcEvent.TokensIssued(aId, g.iId(), "authorization_code"))));
        })
        .flatMap(use -> {
          if (use instanceof AuthorizationStore.Started s) {
            return Mono.fromCallable(
                () -> issue(s.grant(), s.code().nonce(), true, refresh, now, s.sid()));
          }
          if (use instanceof AuthorizationStore.Refused r) {
            return Mono.error(r.refusal());
          }
          if (use instanceof AuthorizationStore.Reused) {
            return Mono.error(OAuthRefusal.invalidGrant(
                "the code was used before: the tokens issued from it are revoked"));
          }
          if (use instanceof AuthorizationStore.ConsentEnded) {
            return Mono.error(OAuthRefusal.invalidGrant("the consent has been withdrawn"));
          }
          return Mono.error(OAuthRefusal.invalidGrant("the code is not valid"));
        });
  }

  /** Rotates a refresh token of client {@code aId}; a spent one revokes its grant. */
  public Mono<TokenSet> refresh(String aId, String refreshToken, @Nullable String dpopThumbprint) {
    Instant now = clock.instant();
    String next = Ids.secret256();
    return store
        .rotate(
            aId,
            secrets.hash(refreshToken),
            dpopThumbprint,
            secrets.hash(next),
            now.plus(settings.refreshTtl()),
            now)
        .flatMap(use -> {
          if (use instanceof AuthorizationStore.RefreshKeyMismatch mismatch) {
            return Mono.error(
                mismatch.proofGiven()
                    ? OAuthRefusal.invalidGrant("the refresh token is bound to another DPoP key")
                    : new OAuthRefusal("invalid_dpop_proof", "prove the DPoP key"));
          }
          if (use instanceof AuthorizationStore.RefreshReused) {
            return Mono.error(OAuthRefusal.invalidGrant(
                "the refresh token was used before: its grant is revoked"));
          }
          if (!(use instanceof AuthorizationStore.Rotated rotated)) {
            return Mono.error(OAuthRefusal.invalidGrant("the refresh token is not valid"));
          }
          RelyingPartyGrant grant = rotated.grant();
          return instanceActive(grant.iId(), now)
              .then(Mono.fromCallable(() -> issue(grant, null, false, next, now, null)));
        });
  }

  /**
   * The claims userinfo returns for an access token the edge verified ({@link
   * RelyingPartyTokens#verifyAccessToken}, once per request): its pairwise {@code sub} and the standard claims of
   * its scopes, read from what the consent instance exposes now. {@code proofThumbprint} is the key of the DPoP
   * proof the edge verified with the request, if any; a DPoP-bound token needs it.
   */
  public Mono<Map<String, Object>> userinfo(
      GrantedAccess access, @Nullable String proofThumbprint) {
    return Mono.fromCallable(() -> bound(access, proofThumbprint)).flatMap(a -> {
      if (!a.scopes().contains("openid")) {
        return Mono.error(
            new OAuthRefusal("insufficient_scope", "userinfo needs the openid scope"));
      }
      Instant now = clock.instant();
      // one transaction: the grant (revocation), the consent instance (withdrawal),
      // what it exposes now, the verification records, and the recipient read on
      // the instance's audit trail (as ConsentService#get writes it)
      return store
          .read(
              a.grantId(),
              now,
              shared -> VerifiedClaims.recordsQuery(a.scopes(), shared),
              grant -> List.of(AuditEvent.of(
                  grant.iId(),
                  Principal.APPLICATION_PREFIX + grant.aId(),
                  now,
                  new ConsentEvent.InstanceRead())))
          .flatMap(reading -> {
            if (reading instanceof AuthorizationStore.Read read) {
              Map<String, Object> claims = new LinkedHashMap<>();
              claims.put("sub", a.subject());
              claims.putAll(StandardClaims.of(a.scopes(), read.shared()));
              return Mono.just(verified.add(claims, a.scopes(), read.shared(), read.records()));
            }
            return Mono.error(
                reading instanceof AuthorizationStore.InstanceEnded
                    ? OAuthRefusal.invalidToken("the consent has been withdrawn")
                    : OAuthRefusal.invalidToken("the grant has been revoked"));
          });
    });
  }

  /**
   * RFC 7009: revokes the grant of the refresh or access token if it was issued to client {@code aId}; anything
   * else (unknown, expired, another client's) is ignored, as the RFC asks.
   */
  public Mono<Void> revoke(String aId, String token) {
    Instant now = clock.instant();
    String hash = secrets.hash(token);
    List<AuditEvent> audit = List.of(AuditEvent.of(
        aId,
        Principal.APPLICATION_PREFIX + aId,
        now,
        new OidcEvent.GrantRevoked(aId, "revocation")));
    return store
        .revokeByRefresh(aId, hash, audit)
        .flatMap(revoked -> revoked
            ? Mono.<Void>empty()
            : Mono.fromCallable(() -> tokens.verifyAccessToken(token))
                .onErrorResume(Rejected.class, e -> Mono.empty())
                .flatMap(a -> store.revoke(aId, a.grantId(), audit))
                .then());
  }

  private static GrantedAccess bound(GrantedAccess a, @Nullable String proofThumbprint) {
    if (a.dpopThumbprint() != null && !a.dpopThumbprint().equals(proofThumbprint)) {
      throw OAuthRefusal.invalidToken("the access token is bound to a DPoP key: prove it");
    }
    return a;
  }

  private TokenSet issue(
      RelyingPartyGrant grant,
      @Nullable String nonce,
      boolean withIdToken,
      String refresh,
      Instant now,
      @Nullable String sid) {
    String subject = PairwiseSubjects.of(secrets, grant.aId(), grant.uId());
    Instant expires = now.plus(settings.accessTtl());
    String access = tokens.accessToken(new GrantedAccess(
        subject,
        grant.clientId(),
        grant.grantId(),
        grant.scopes(),
        grant.dpopThumbprint(),
        Ids.uuid(),
        now,
        expires));
    String id = withIdToken
        ? tokens.idToken(
            new IdentityAssertion(
                subject,
                grant.clientId(),
                nonce,
                grant.authTime(),
                org.kith.core.account.AuthenticationMethods.acrOf(grant.amr()),
                grant.amr(),
                now,
                expires,
                sid),
            access)
        : null;
    return new TokenSet(
        access, id, refresh, settings.accessTtl(), grant.scopes(), grant.dpopThumbprint() != null);
  }

  private Mono<Void> instanceActive(String iId, Instant now) {
    return instances
        .find(iId)
        .filter(i -> i.activeAt(now))
        .switchIfEmpty(
            Mono.error(() -> OAuthRefusal.invalidGrant("the consent has been withdrawn")))
        .then();
  }
}
