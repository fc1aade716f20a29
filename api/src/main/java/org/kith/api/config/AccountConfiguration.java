package org.kith.api.config;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import org.kith.core.account.AccountService;
import org.kith.core.account.AccountSettings;
import org.kith.core.account.AccountStore;
import org.kith.core.account.LoginThrottle;
import org.kith.core.account.Mailer;
import org.kith.core.account.PasswordHasher;
import org.kith.core.account.PasswordPolicy;
import org.kith.core.account.PersonalAccessTokenService;
import org.kith.core.account.PersonalAccessTokenStore;
import org.kith.core.account.SecretHasher;
import org.kith.core.account.SessionService;
import org.kith.core.account.SessionStore;
import org.kith.core.account.TokenIssuer;
import org.kith.core.account.VerificationCodeStore;
import org.kith.core.audit.AuditTrail;
import org.kith.core.org.OrganisationService;
import org.kith.crypto.keys.InstallationKeys;
import org.kith.crypto.keys.KeySealing;
import org.kith.crypto.keys.SigningKeyRing;
import org.kith.crypto.password.Argon2idPasswordHasher;
import org.kith.crypto.password.HmacSecretHasher;
import org.kith.crypto.token.Es256TokenIssuer;
import org.kith.delivery.mail.EmlFileMailer;
import org.kith.delivery.mail.SmtpMailer;
import org.kith.graph.keys.Neo4jKeyVault;
import org.kith.graph.neo4j.GraphConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** Accounts and tokens: the installation's keys, Argon2id on its own bounded pool, mail, use cases. */
@Configuration(proxyBeanMethods = false)
class AccountConfiguration {

  static Path keys(KithProperties p) {
    return p.dataDir().resolve("keys");
  }

  /**
   * The installation's keys, sealed in the database under the key-encryption key; key files an older version kept
   * in {@code <data-dir>/keys} are moved in on first start.
   */
  @Bean
  InstallationKeys installationKeys(GraphConnection graph, KithProperties p) {
    if (p.keys().encryptionKey() == null && p.neo4j().uri() != null) {
      org.slf4j.LoggerFactory.getLogger(AccountConfiguration.class)
          .warn("kith.keys.encryption-key is not set: the keys in the database are sealed under"
              + " <data-dir>/keys/key-encryption.key, which other API nodes must share; set the same"
              + " kith.keys.encryption-key on every node instead");
    }
    return new InstallationKeys(
        // no request time limit (a busy machine makes start-up slow, not failed); InstallationKeys
        // bounds each wait
        new Neo4jKeyVault(graph.startupCypher()),
        KeySealing.of(p.keys().encryptionKey(), keys(p).resolve("key-encryption.key")));
  }

  @Bean
  SigningKeyRing signingKeys(InstallationKeys k, KithProperties p) {
    return SigningKeyRing.open(k, keys(p).resolve("signing-keys.jwks.json"));
  }

  /** Picks up key rotations made by another API node (through the database). */
  @Bean(destroyMethod = "dispose")
  reactor.core.Disposable signingKeyReloader(SigningKeyRing ring, KithProperties p) {
    return PeriodicJob.every(
        p.verify().keyReload(),
        p.verify().keyReload(),
        () -> Mono.fromRunnable(ring::reloadIfChanged).subscribeOn(Schedulers.boundedElastic()));
  }

  @Bean
  SecretHasher secretHasher(InstallationKeys k, KithProperties p) {
    return new HmacSecretHasher(k.secret("secret-hash", keys(p).resolve("secret-hash.key")));
  }

  @Bean
  TokenIssuer tokenIssuer(SigningKeyRing keys, KithProperties p, Clock clock) {
    return new Es256TokenIssuer(keys::keys, p.tokens().issuer(), p.tokens().lifetime(), clock);
  }

  /** One hashing thread per core, a bounded queue: overload answers 503 instead of queuing forever. */
  @Bean(destroyMethod = "dispose")
  Scheduler passwordHashingScheduler() {
    int cores = Runtime.getRuntime().availableProcessors();
    return Schedulers.newBoundedElastic(cores, 64 * cores, "argon2", 60, true);
  }

  @Bean
  PasswordHasher passwordHasher(Scheduler passwordHashingScheduler) {
    return new Argon2idPasswordHasher(Argon2idPasswordHasher.OWASP, passwordHashingScheduler);
  }

  @Bean
  Mailer mailer(KithProperties p) {
    KithProperties.Smtp smtp = p.mail().smtp();
    if (smtp.host() == null || smtp.host().isBlank()) {
      return new EmlFileMailer(p.dataDir().resolve("mail"), p.mail().from());
    }
    return new SmtpMailer(
        new SmtpMailer.Server(
            smtp.host(), smtp.port(), smtp.username(), smtp.password(), smtp.starttls()),
        p.mail().from());
  }

  @Bean
  AccountSettings accountSettings(KithProperties p) {
    KithProperties.Login l = p.login();
    AccountSettings.LoginLimits login = new AccountSettings.LoginLimits(
        new LoginThrottle.Backoff(l.freeFailures(), l.firstDelay(), l.maxDelay(), l.forgetAfter()),
        new LoginThrottle.Budget(l.usernameBurst(), l.usernameInterval()),
        l.addressFailures(),
        l.addressWindow());
    return new AccountSettings(
        new HashSet<>(p.admin().usernames()),
        Duration.ofHours(24),
        5,
        Duration.ofMinutes(15),
        p.tokens().refreshLifetime(),
        login,
        new LoginThrottle.Budget(l.resetBurst(), l.resetInterval()),
        p.mail().linkBase());
  }

  @Bean
  AccountService accountService(
      AccountStore accounts,
      VerificationCodeStore codes,
      SessionStore sessions,
      PersonalAccessTokenStore pats,
      LoginThrottle throttle,
      PasswordHasher passwords,
      SecretHasher secrets,
      Mailer mailer,
      AccountSettings settings,
      OrganisationService organisations,
      Clock clock) {
    return new AccountService(
        accounts,
        codes,
        sessions,
        pats,
        throttle,
        passwords,
        secrets,
        mailer,
        PasswordPolicy.standard(),
        settings,
        organisations,
        clock);
  }

  /** Every ten minutes, removes throttle counters that no longer matter, so their number stays bounded. */
  @Bean(destroyMethod = "dispose")
  reactor.core.Disposable loginThrottlePurge(LoginThrottle throttle, Clock clock) {
    return PeriodicJob.every(
        java.time.Duration.ofMinutes(1),
        java.time.Duration.ofMinutes(10),
        () -> throttle.purgeExpired(clock.instant()).then());
  }

  @Bean
  org.kith.core.org.OrganisationStore organisationStore(GraphConnection graph) {
    return new org.kith.graph.org.Neo4jOrganisationStore(graph.cypher());
  }

  @Bean
  org.kith.core.consent.ApplicationStore applicationStore(GraphConnection graph) {
    return new org.kith.graph.consent.Neo4jApplicationStore(graph.cypher());
  }

  @Bean
  OrganisationService organisationService(
      org.kith.core.org.OrganisationStore store, SecretHasher secrets, Mailer mailer, Clock clock) {
    return new OrganisationService(store, secrets, mailer, clock);
  }

  @Bean
  org.kith.core.org.OrganisationMembers organisationMembers(
      org.kith.core.org.OrganisationStore store, Clock clock) {
    return new org.kith.core.org.OrganisationMembers(store, clock);
  }

  /** Hourly (and shortly after start), removes application requests older than 7 days. */
  @Bean(destroyMethod = "dispose")
  reactor.core.Disposable applicationRequestExpiry(OrganisationService organisations) {
    return PeriodicJob.every(
        java.time.Duration.ofSeconds(30),
        java.time.Duration.ofHours(1),
        organisations::expireApplicationRequests);
  }

  @Bean
  PersonalAccessTokenService personalAccessTokenService(
      PersonalAccessTokenStore store,
      AccountStore accounts,
      SecretHasher secrets,
      AccountSettings settings,
      Clock clock) {
    return new PersonalAccessTokenService(store, accounts, secrets, settings, clock);
  }

  @Bean
  SessionService sessionService(
      AccountStore accounts,
      SessionStore sessions,
      LoginThrottle throttle,
      PasswordHasher passwords,
      SecretHasher secrets,
      TokenIssuer tokens,
      PersonalAccessTokenService pats,
      AccountSettings settings,
      org.kith.core.consent.ApplicationStore applications,
      org.kith.core.consent.ApplicationService applicationService,
      AuditTrail audit,
      Clock clock,
      org.kith.core.account.MfaChallenges secondFactor) {
    return new SessionService(
        accounts,
        sessions,
        throttle,
        passwords,
        secrets,
        tokens,
        pats,
        settings,
        new org.kith.core.account.ApplicationDirectory() {
          @Override
          public Mono<Boolean> exists(String aId) {
            return applications.find(aId).hasElement();
          }

          @Override
          public Mono<Client> authenticate(String clientId, String clientSecret) {
            return applicationService
                .authenticate(clientId, clientSecret)
                .map(app -> new Client(app.aId(), app.name()))
                .onErrorResume(org.kith.core.Rejected.class, e -> Mono.empty());
          }
        },
        audit,
        clock,
        secondFactor);
  }
}
