package org.kith.api.config;

import java.time.Clock;
import org.kith.core.account.SecretHasher;
import org.kith.core.account.SessionStore;
import org.kith.core.audit.AuditTrail;
import org.kith.core.consent.ApplicationService;
import org.kith.core.consent.ApplicationStore;
import org.kith.core.consent.ConsentService;
import org.kith.core.net.DocumentFetcher;
import org.kith.core.net.OutboundTargets;
import org.kith.core.oidc.AuthorizationStore;
import org.kith.core.oidc.ConsentInteraction;
import org.kith.core.oidc.LogoutService;
import org.kith.core.oidc.ProviderService;
import org.kith.core.oidc.ProviderSettings;
import org.kith.core.oidc.RelyingPartyTokens;
import org.kith.core.oidc.TokenIntrospection;
import org.kith.core.profile.ProfileObjectStore;
import org.kith.crypto.keys.SigningKeyRing;
import org.kith.crypto.token.Es256LogoutTokens;
import org.kith.crypto.token.Es256RelyingPartyTokens;
import org.kith.delivery.webhook.HostResolver;
import org.kith.delivery.webhook.HttpDocumentFetcher;
import org.kith.graph.consent.Neo4jApplicationStore;
import org.kith.graph.consent.Neo4jInstanceStore;
import org.kith.graph.neo4j.GraphConnection;
import org.kith.graph.oidc.Neo4jAuthorizationStore;
import org.kith.graph.oidc.Neo4jSessionBindings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Kith as an OpenID Provider: tokens for relying parties under Kith's signing keys, the graph store, the use case. */
@Configuration(proxyBeanMethods = false)
class OidcConfiguration {
  @Bean
  RelyingPartyTokens relyingPartyTokens(SigningKeyRing keys, KithProperties p, Clock clock) {
    return new Es256RelyingPartyTokens(keys::keys, p.issuerUrl(), clock);
  }

  @Bean
  AuthorizationStore authorizationStore(GraphConnection c) {
    return new Neo4jAuthorizationStore(c.inProcessCypher(), c);
  }

  /**
   * The applications as the client-authenticated endpoints (token, revocation, introspection) look their callers
   * up: the same rules, on in-process transactions ({@link GraphConnection#inProcessCypher()}).
   */
  @Bean("clientApplications") // the qualifier ClientAuthenticator asks for
  ApplicationService clientApplications(
      GraphConnection c,
      org.kith.core.org.OrganisationStore organisations,
      SecretHasher secrets,
      Clock clock,
      OutboundTargets webhookTargets) {
    return ProfileConfiguration.applications(
        new Neo4jApplicationStore(c.inProcessCypher()),
        organisations,
        secrets,
        clock,
        webhookTargets);
  }

  @Bean
  ProviderService providerService(
      AuthorizationStore store,
      GraphConnection c,
      ProfileObjectStore objects,
      RelyingPartyTokens tokens,
      SecretHasher secrets,
      Clock clock,
      org.kith.core.verification.VerificationService verification) {
    return new ProviderService(
        store,
        new Neo4jInstanceStore(c.cypher()),
        tokens,
        secrets,
        ProviderSettings.DEFAULTS,
        clock,
        new org.kith.core.oidc.VerifiedClaims(objects, verification));
  }

  @Bean
  ConsentInteraction consentInteraction(
      AuthorizationStore store,
      ConsentService consent,
      GraphConnection c,
      ApplicationStore apps,
      SessionStore sessions,
      SecretHasher secrets,
      AuditTrail audit,
      Clock clock,
      LogoutService logout) {
    return new ConsentInteraction(
        store,
        consent,
        apps,
        sessions,
        secrets,
        audit,
        ProviderSettings.DEFAULTS,
        clock,
        new Neo4jSessionBindings(c.cypher()),
        logout);
  }

  @Bean
  LogoutService logoutService(
      GraphConnection c,
      SessionStore sessions,
      ApplicationStore apps,
      SigningKeyRing keys,
      KithProperties p,
      SecretHasher secrets,
      AuditTrail audit,
      Clock clock) {
    return new LogoutService(
        new Neo4jSessionBindings(c.cypher()),
        sessions,
        apps,
        new Es256LogoutTokens(keys::keys, p.issuerUrl()),
        secrets,
        audit,
        clock);
  }

  @Bean
  TokenIntrospection tokenIntrospection(
      RelyingPartyTokens tokens,
      AuthorizationStore store,
      ApplicationStore apps,
      GraphConnection c,
      SecretHasher secrets,
      AuditTrail audit,
      Clock clock) {
    return new TokenIntrospection(
        tokens, store, apps, new Neo4jInstanceStore(c.cypher()), secrets, audit, clock);
  }

  /** Fetches clients' {@code jwks_uri} under the rule webhooks connect by. */
  @Bean
  DocumentFetcher documentFetcher(OutboundTargets webhookTargets) {
    return new HttpDocumentFetcher(webhookTargets, HostResolver.system());
  }
}
