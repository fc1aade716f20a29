package org.kith.api.config;

import java.time.Clock;
import org.kith.core.account.AccountSettings;
import org.kith.core.account.AccountStore;
import org.kith.core.account.LoginThrottle;
import org.kith.core.account.MfaChallenges;
import org.kith.core.account.OneTimePasswords;
import org.kith.core.account.PasswordHasher;
import org.kith.core.account.SecondFactorStore;
import org.kith.core.account.SecretHasher;
import org.kith.core.account.SecretSealer;
import org.kith.core.account.SessionService;
import org.kith.core.account.SessionStore;
import org.kith.core.account.StepUpPolicy;
import org.kith.core.account.TotpService;
import org.kith.core.audit.AuditTrail;
import org.kith.crypto.otp.AesGcmSecretSealer;
import org.kith.crypto.otp.JavaOtpPasswords;
import org.kith.graph.account.Neo4jSecondFactorStore;
import org.kith.graph.neo4j.GraphConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Second factors: the TOTP store, the key that seals TOTP secrets, the login's second step. */
@Configuration(proxyBeanMethods = false)
class MfaConfiguration {
  @Bean
  SecondFactorStore secondFactorStore(GraphConnection graph) {
    return new Neo4jSecondFactorStore(graph.cypher());
  }

  @Bean
  SecretSealer secretSealer(org.kith.crypto.keys.InstallationKeys k, KithProperties p) {
    return new AesGcmSecretSealer(
        k.secret("secret-seal", AccountConfiguration.keys(p).resolve("secret-seal.key")));
  }

  @Bean
  StepUpPolicy stepUpPolicy(SessionStore sessions, KithProperties p, Clock clock) {
    return new StepUpPolicy(sessions, p.stepUp().maxAge(), clock);
  }

  @Bean
  OneTimePasswords oneTimePasswords() {
    return new JavaOtpPasswords();
  }

  @Bean
  MfaChallenges mfaChallenges(
      SecondFactorStore store,
      org.kith.core.account.PasskeyStore passkeys,
      SecretHasher secrets,
      Clock clock) {
    return new MfaChallenges(store, passkeys, secrets, clock);
  }

  /** Every ten minutes, removes the mfa_tokens of logins nobody completed (as the passkey ceremonies' challenges). */
  @Bean(destroyMethod = "dispose")
  reactor.core.Disposable mfaChallengePurge(MfaChallenges challenges) {
    return PeriodicJob.every(
        java.time.Duration.ofMinutes(3),
        java.time.Duration.ofMinutes(10),
        () -> challenges.purgeExpired().then());
  }

  @Bean
  TotpService totpService(
      SecondFactorStore store,
      MfaChallenges challenges,
      SessionService sessions,
      AccountStore accounts,
      PasswordHasher passwords,
      SecretHasher secrets,
      SecretSealer sealer,
      OneTimePasswords otp,
      LoginThrottle throttle,
      AccountSettings settings,
      AuditTrail audit,
      Clock clock) {
    return new TotpService(
        new TotpService.Dependencies(
            store,
            challenges,
            sessions,
            accounts,
            passwords,
            secrets,
            sealer,
            otp,
            throttle,
            settings,
            audit),
        clock);
  }
}
