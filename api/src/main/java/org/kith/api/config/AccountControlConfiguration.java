package org.kith.api.config;

import java.time.Clock;
import org.kith.core.account.AccountAdministration;
import org.kith.core.account.AccountSettings;
import org.kith.core.account.AdminUserService;
import org.kith.core.account.Mailer;
import org.kith.core.account.SecretHasher;
import org.kith.core.account.SessionManagementService;
import org.kith.core.account.SessionRegistry;
import org.kith.graph.account.Neo4jAccountAdministration;
import org.kith.graph.account.Neo4jSessionRegistry;
import org.kith.graph.neo4j.GraphConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The person's and the administrators' control over accounts: sessions, disabling, export and erasure. */
@Configuration(proxyBeanMethods = false)
class AccountControlConfiguration {
  @Bean
  SessionRegistry sessionRegistry(GraphConnection c) {
    // every login records its device here: in-process transactions, as for the session store
    return new Neo4jSessionRegistry(c.inProcessCypher());
  }

  @Bean
  SessionManagementService sessionManagementService(
      SessionRegistry registry,
      SecretHasher secrets,
      Mailer mailer,
      AccountSettings settings,
      Clock clock) {
    return new SessionManagementService(registry, secrets, mailer, settings, clock);
  }

  @Bean
  AccountAdministration accountAdministration(GraphConnection c) {
    return new Neo4jAccountAdministration(c.cypher());
  }

  @Bean
  AdminUserService adminUserService(AccountAdministration store, Clock clock) {
    return new AdminUserService(store, clock);
  }

  @Bean
  org.kith.core.privacy.AccountEraser accountEraser(GraphConnection c) {
    return new org.kith.graph.privacy.Neo4jAccountEraser(c.cypher());
  }

  @Bean
  org.kith.core.privacy.MyDataService myDataService(
      org.kith.core.account.AccountService accounts,
      org.kith.core.account.AccountStore accountStore,
      org.kith.core.account.PasswordHasher passwords,
      org.kith.core.profile.ProfileService profiles,
      org.kith.core.profile.ProfileObjectStore objects,
      org.kith.core.profile.BlobStore blobs,
      org.kith.core.consent.ConsentService consent,
      SessionRegistry sessions,
      org.kith.core.account.PersonalAccessTokenService pats,
      org.kith.core.audit.AuditTrail audit,
      org.kith.core.privacy.AccountEraser eraser,
      org.kith.core.account.LoginThrottle throttle,
      AccountSettings settings,
      org.kith.core.org.OrganisationStore orgs,
      Clock clock) {
    return new org.kith.core.privacy.MyDataService(
        new org.kith.core.privacy.MyDataService.Parts(
            accounts,
            accountStore,
            passwords,
            profiles,
            objects,
            blobs,
            consent,
            sessions,
            pats,
            audit,
            eraser,
            throttle,
            settings,
            orgs),
        clock);
  }
}
