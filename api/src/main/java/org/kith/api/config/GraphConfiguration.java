package org.kith.api.config;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.kith.core.account.AccountStore;
import org.kith.core.account.LoginThrottle;
import org.kith.core.account.PersonalAccessTokenStore;
import org.kith.core.account.SessionStore;
import org.kith.core.account.VerificationCodeStore;
import org.kith.graph.account.Neo4jAccountStore;
import org.kith.graph.account.Neo4jLoginThrottle;
import org.kith.graph.account.Neo4jPersonalAccessTokenStore;
import org.kith.graph.account.Neo4jSessionStore;
import org.kith.graph.account.Neo4jVerificationCodeStore;
import org.kith.graph.neo4j.GraphConnection;
import org.kith.graph.neo4j.GraphSettings;
import org.neo4j.driver.Driver;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The graph connection (embedded or external) and the Neo4j adapters of core's ports. */
@Configuration(proxyBeanMethods = false)
class GraphConfiguration {

  @Bean(destroyMethod = "close")
  GraphConnection graphConnection(KithProperties properties) {
    KithProperties.Neo4j n = properties.neo4j();
    return GraphConnection.open(new GraphSettings(
        properties.dataDir(),
        n.uri(),
        n.username(),
        n.password(),
        n.database(),
        n.transactionTimeout(),
        n.transactionMaxMemory().toBytes(),
        n.pageCache().toBytes()));
  }

  /** Exposed for code that needs the raw driver (tests, tools); the connection owns and closes it. */
  @Bean(destroyMethod = "")
  Driver neo4jDriver(GraphConnection connection) {
    return connection.driver();
  }

  /**
   * Health component {@code neo4j}, checked through Kith's own path with a timeout; an UP answer is reused for
   * {@code kith.health.database-probe-interval} (2 s by default) so polling health costs no database read.
   */
  @Bean("neo4jHealthIndicator")
  GraphHealthIndicator neo4jHealthIndicator(
      GraphConnection connection,
      @Value("${kith.health.database-probe-interval:2s}") Duration interval) {
    return new GraphHealthIndicator(
        () -> connection
            .cypher()
            .read("RETURN 1 AS ok", Map.of(), r -> r.get("ok").asInt())
            .next(),
        interval,
        GraphHealthIndicator.TIMEOUT,
        System::nanoTime);
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  AccountStore accountStore(GraphConnection c) {
    return new Neo4jAccountStore(c.cypher(), c.membershipVersion());
  }

  @Bean
  VerificationCodeStore verificationCodeStore(GraphConnection c) {
    return new Neo4jVerificationCodeStore(c.cypher());
  }

  @Bean
  SessionStore sessionStore(GraphConnection c) {
    // token rotation and session checks hand out no consistency token: in-process transactions,
    // without Bolt
    return new Neo4jSessionStore(c.inProcessCypher(), c.sessionVersion());
  }

  @Bean
  LoginThrottle loginThrottle(GraphConnection c) {
    // read and written on every login, never by a client holding a consistency token: in-process
    return new Neo4jLoginThrottle(c.inProcessCypher());
  }

  @Bean
  PersonalAccessTokenStore personalAccessTokenStore(GraphConnection c) {
    return new Neo4jPersonalAccessTokenStore(c.cypher());
  }
}
