package org.kith.api.config;

import java.time.Clock;
import java.time.Duration;
import org.kith.core.account.PasskeyStore;
import org.kith.graph.account.Neo4jPasskeyStore;
import org.kith.graph.neo4j.GraphConnection;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Passkeys (WebAuthn): where credentials are kept (the relying party: {@code auth.PasskeyRelyingParty}). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebAuthnProperties.class)
class PasskeyConfiguration {

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
