package org.kith.api.config;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.kith.api.auth.RelyingParty;
import org.kith.core.account.PasskeyStore;
import org.kith.graph.account.Neo4jPasskeyStore;
import org.kith.graph.neo4j.GraphConnection;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Passkeys (WebAuthn): the relying party Kith is to authenticators, and where credentials are kept. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PasskeyConfiguration.WebAuthnProperties.class)
class PasskeyConfiguration {

  /**
   * {@code kith.webauthn.*}.
   *
   * @param rpId the relying party id passkeys are bound to: a registrable domain (not an IP address); unset,
   *     the host of {@code kith.issuer-url}
   * @param rpName the name authenticators show
   * @param origins the exact origins ({@code scheme://host[:port]}) ceremonies may come from; none set, the
   *     origin of {@code kith.issuer-url}
   */
  @ConfigurationProperties("kith.webauthn")
  record WebAuthnProperties(
      @Nullable String rpId,
      @DefaultValue("Kith") String rpName,
      @DefaultValue List<String> origins) {}

  @Bean
  RelyingParty relyingParty(WebAuthnProperties w, KithProperties p) {
    URI issuer = URI.create(p.issuerUrl());
    String id = w.rpId() == null || w.rpId().isBlank() ? issuer.getHost() : w.rpId();
    List<String> origins = w.origins().isEmpty()
        ? List.of(issuer.getScheme() + "://" + issuer.getRawAuthority())
        : List.copyOf(w.origins());
    return new RelyingParty(id, w.rpName(), origins, Duration.ofMinutes(5));
  }

  @Bean
  PasskeyStore passkeyStore(GraphConnection c) {
    return new Neo4jPasskeyStore(c.cypher());
  }

  /** Failed passkey logins: throttled with the counters of failed passwords, and audited. */
  @Bean
  org.kith.core.account.PasskeyLoginGuard passkeyLoginGuard(
      org.kith.core.account.LoginThrottle throttle,
      org.kith.core.account.AccountSettings settings,
      org.kith.core.account.SecretHasher secrets,
      org.kith.core.audit.AuditTrail audit,
      Clock clock) {
    return new org.kith.core.account.PasskeyLoginGuard(throttle, settings, secrets, audit, clock);
  }

  /** Every ten minutes, removes ceremony challenges nobody completed. */
  @Bean(destroyMethod = "dispose")
  reactor.core.Disposable passkeyChallengePurge(PasskeyStore store, Clock clock) {
    return PeriodicJob.every(
        Duration.ofMinutes(2),
        Duration.ofMinutes(10),
        () -> store.purgeChallenges(clock.instant()).then());
  }
}
