package org.kith.api.oidc;

import com.github.benmanes.caffeine.cache.Ticker;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyConverter;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.auth.verifier.ClientAuthenticationVerifier;
import com.nimbusds.oauth2.sdk.auth.verifier.ClientCredentialsSelector;
import com.nimbusds.oauth2.sdk.auth.verifier.Context;
import com.nimbusds.oauth2.sdk.auth.verifier.InvalidClientException;
import com.nimbusds.oauth2.sdk.auth.verifier.JWTAudienceCheck;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.JWTID;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.kith.core.account.Principal;
import org.kith.core.audit.AuditEvent;
import org.kith.core.audit.AuditTrail;
import org.kith.core.audit.OidcEvent;
import org.kith.core.consent.AccessApplication;
import org.kith.core.consent.ApplicationService;
import org.kith.core.oidc.OAuthRefusal;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * {@code private_key_jwt} (RFC 7523 §2.2, OpenID Connect Core §9), checked by the Nimbus SDK's
 * {@link ClientAuthenticationVerifier}: a JWS signed with one of {@link ClientKeyPolicy#ALGORITHMS} by a key of the
 * client's set ({@link ClientKeySets}; an unknown {@code kid} fetches a {@code jwks_uri} again once), {@code iss}
 * and {@code sub} the client_id, {@code aud} the issuer or the token endpoint URL, {@code exp} present, not past
 * and at most {@link #MAX_AHEAD} ahead, and a {@code jti} never accepted before for this client (kept for
 * {@link #MAX_AHEAD} plus a minute of clock skew, {@link #MAX_JTIS} at most, on this node; when that many are
 * kept, new assertions are refused until some expire, rather than an unexpired jti forgotten). Every failure is
 * {@code invalid_client}; a replay is audited on the application's trail. Thread-safe.
 */
@Component
final class PrivateKeyJwtVerifier {
  static final Duration MAX_AHEAD = Duration.ofMinutes(5);

  private final ApplicationService applications;
  private final ClientKeySets keySets;
  private final AuditTrail audit;
  private final Clock clock;
  private final ClientAuthenticationVerifier<JWKSet> verifier;
  static final int MAX_JTIS = 100_000;
  private final SingleUseIds used =
      new SingleUseIds(MAX_AHEAD.plusMinutes(1), MAX_JTIS, Ticker.systemTicker());

  PrivateKeyJwtVerifier(
      ApplicationService applications,
      ClientKeySets keySets,
      ProviderEndpoints endpoints,
      AuditTrail audit,
      Clock clock) {
    this.applications = applications;
    this.keySets = keySets;
    this.audit = audit;
    this.clock = clock;
    Set<Audience> audiences = Set.of(
        new Audience(endpoints.issuer().getValue()),
        new Audience(endpoints.at(ProviderEndpoints.TOKEN).toString()));
    this.verifier = new ClientAuthenticationVerifier<>(
        new KeysOfContext(), null, audiences, JWTAudienceCheck.LEGACY, null, MAX_AHEAD.toSeconds());
  }

  /** The application whose assertion this is, or {@code invalid_client}. */
  Mono<AccessApplication> verify(PrivateKeyJWT assertion) {
    JWSHeader header = assertion.getClientAssertion().getHeader();
    if (!ClientKeyPolicy.ALGORITHMS.contains(header.getAlgorithm())) {
      return Mono.error(ClientAuthenticator.refused());
    }
    return applications
        .byKey(assertion.getClientID().getValue())
        .filter(app -> app.clientAuth().hasKeys())
        .switchIfEmpty(Mono.error(ClientAuthenticator::refused))
        .flatMap(app -> keySets
            .of(app, false)
            .flatMap(
                keys -> matching(keys, header).isEmpty() && app.clientAuth().jwksUri() != null
                    ? keySets.of(app, true)
                    : Mono.just(keys))
            .flatMap(keys -> Mono.fromCallable(() -> {
              Context<JWKSet> context = new Context<>();
              context.set(keys);
              verifier.verify(assertion, null, context);
              return app;
            }))
            .flatMap(verified -> firstUse(verified, assertion)))
        .onErrorMap(e -> !(e instanceof OAuthRefusal), e -> ClientAuthenticator.refused());
  }

  private Mono<AccessApplication> firstUse(AccessApplication app, PrivateKeyJWT assertion) {
    JWTID jti = assertion.getJWTAuthenticationClaimsSet().getJWTID();
    if (jti == null) {
      return Mono.error(ClientAuthenticator.refused());
    }
    SingleUseIds.Use use = used.use(app.aId() + " " + jti.getValue());
    if (use == SingleUseIds.Use.FIRST) {
      return Mono.just(app);
    }
    if (use == SingleUseIds.Use.FULL) {
      // fail closed: forgetting a jti to make room would let that assertion be replayed
      return Mono.error(new OAuthRefusal(
          "invalid_client", "too many recent client assertions: try again shortly"));
    }
    return audit
        .append(List.of(AuditEvent.of(
            app.aId(),
            Principal.APPLICATION_PREFIX + app.aId(),
            clock.instant(),
            new OidcEvent.ClientAssertionReplayed(app.aId()))))
        .then(Mono.error(ClientAuthenticator.refused()));
  }

  private static List<PublicKey> matching(JWKSet keys, JWSHeader header) {
    try {
      return KeyConverter.toJavaKeys(new JWKSelector(JWKMatcher.forJWSHeader(header)).select(keys))
          .stream()
          .filter(PublicKey.class::isInstance)
          .map(PublicKey.class::cast)
          .toList();
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  /** The client's keys are the verification context's: fetched before the (synchronous) verification. */
  private static final class KeysOfContext implements ClientCredentialsSelector<JWKSet> {
    @Override
    public List<Secret> selectClientSecrets(
        ClientID id, ClientAuthenticationMethod method, Context<JWKSet> context)
        throws InvalidClientException {
      throw InvalidClientException.NO_REGISTERED_SECRET;
    }

    @Override
    public List<? extends PublicKey> selectPublicKeys(
        ClientID id,
        ClientAuthenticationMethod method,
        JWSHeader header,
        boolean forceRefresh,
        Context<JWKSet> context)
        throws InvalidClientException {
      if (!ClientAuthenticationMethod.PRIVATE_KEY_JWT.equals(method) || context.get() == null) {
        throw InvalidClientException.NO_REGISTERED_JWK_SET;
      }
      return matching(context.get(), header);
    }
  }
}
