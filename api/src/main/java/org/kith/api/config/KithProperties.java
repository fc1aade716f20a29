package org.kith.api.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Kith's settings ({@code kith.*}); every one can also be given as an environment variable
 * ({@code KITH_DATA_DIR}, {@code KITH_NEO4J_URI}, ...).
 *
 * @param dataDir where the embedded database, keys, blobs and mail files live
 * @param neo4j an external Neo4j; without a URI Kith runs Neo4j embedded
 * @param admin platform administrators
 * @param tokens token lifetimes and issuer
 * @param mail SMTP settings; without a host each email becomes a {@code .eml} file
 * @param blobs document size limits and storage
 * @param query bounds of the analyst Cypher endpoint
 * @param outbox delivery of transition actions (emails, webhooks)
 * @param verify verification records: SD-JWT lifetime, rate of the unauthenticated check routes, key reloading
 * @param login how failed password logins and password reset requests are slowed down
 * @param stepUp how recent a login sensitive operations need (RFC 9470 step-up)
 * @param issuerUrl the OpenID Provider's issuer identifier: the https URL (http only for loopback) relying parties
 *     reach Kith at, without a trailing slash; discovery and every token issued to them name it
 */
@ConfigurationProperties("kith")
public record KithProperties(
    @DefaultValue("./data") Path dataDir,
    @DefaultValue Neo4j neo4j,
    @DefaultValue Admin admin,
    @DefaultValue Tokens tokens,
    @DefaultValue Mail mail,
    @DefaultValue Blobs blobs,
    @DefaultValue Query query,
    @DefaultValue Outbox outbox,
    @DefaultValue Verify verify,
    @DefaultValue Clarity clarity,
    @DefaultValue Login login,
    @DefaultValue StepUp stepUp,
    @DefaultValue Keys keys,
    @DefaultValue Redis redis,
    @DefaultValue("http://localhost:8080") String issuerUrl) {

  /**
   * The installation's own keys (signing, secret hashing, sealing) live sealed in the database.
   *
   * @param encryptionKey the key-encryption key they are sealed under: 32 bytes in base64 (environment: {@code
   *     KITH_KEYS_ENCRYPTION_KEY}), the same on every node; unset = one made on first start in {@code
   *     <data-dir>/keys/key-encryption.key}, which only a single node (or nodes sharing that directory) can use
   */
  public record Keys(@Nullable String encryptionKey) {}

  /**
   * Redis, when every API node should share the rate limits of the unauthenticated routes.
   *
   * @param uri {@code redis://[:password@]host:port[/database]} (or {@code rediss://} for TLS); unset = limits per
   *     node
   * @param timeout the longest a request waits for Redis before this node limits on its own
   */
  public record Redis(
      @Nullable String uri, @DefaultValue("500ms") Duration timeout) {}

  /**
   * Limits on failed password logins and on password reset requests.
   *
   * @param freeFailures failures per (username, client) before delays start
   * @param firstDelay the first delay; each further failure of that client for that username doubles it
   * @param maxDelay the longest delay
   * @param forgetAfter a (username, client) pair's failures are forgotten this long after its last failure
   * @param usernameBurst failures per username, by clients that have been failing for it, before those
   *     clients wait; a client that has not been failing for the username may always try
   * @param usernameInterval the per-username budget refills by one failure this often
   * @param addressFailures failures per client address across all usernames within {@code addressWindow}
   * @param addressWindow the counting window of {@code addressFailures}
   * @param resetBurst password reset requests accepted per username at once
   * @param resetInterval then one more every this long
   */
  public record Login(
      @DefaultValue("3") int freeFailures,
      @DefaultValue("1s") Duration firstDelay,
      @DefaultValue("15m") Duration maxDelay,
      @DefaultValue("1d") Duration forgetAfter,
      @DefaultValue("10") int usernameBurst,
      @DefaultValue("1m") Duration usernameInterval,
      @DefaultValue("50") int addressFailures,
      @DefaultValue("15m") Duration addressWindow,
      @DefaultValue("3") int resetBurst,
      @DefaultValue("20m") Duration resetInterval) {}

  /** OCR languages (Tesseract codes joined with +; each needs its Debian tesseract-ocr-&lt;code&gt; package). */
  public record Clarity(@DefaultValue("eng") String languages) {}

  /**
   * SD-JWT validity; requests per second (burst: twice that) one client address may make to the
   * unauthenticated check routes; how often the stored signing keys are re-read for rotations made on other nodes.
   */
  public record Verify(
      @DefaultValue("365d") Duration sdJwtLifetime,
      @DefaultValue("50") int checksPerSecond,
      @DefaultValue("10s") Duration keyReload) {}

  /**
   * How often due actions are delivered, the first retry's delay (doubling after), and when to give up.
   *
   * @param webhookAllowedNetworks CIDR blocks webhooks may reach besides globally reachable addresses, none by
   *     default: tests and development list loopback ({@code 127.0.0.0/8,::1/128}); an operator may list the
   *     network of an on-premises receiver. Everything else in the IANA special-purpose registries (private
   *     networks, link-local and cloud metadata, shared address space, ...) stays refused.
   */
  public record Outbox(
      @DefaultValue("1s") Duration pollInterval,
      @DefaultValue("30s") Duration retryBase,
      @DefaultValue("8") int maxAttempts,
      @DefaultValue List<String> webhookAllowedNetworks) {}

  /** Analyst queries: how long one may run and how many one user may run at once. */
  /**
   * @param maxConcurrent analyst queries at once on this server, all users together
   * @param allowedProcedures procedures analysts may {@code CALL} ({@code namespace.name}), none by default: only
   *     read-only ones that yield no nodes, relationships or paths and reveal nothing of the graph (their results
   *     carry no visibility check)
   */
  public record Query(
      @DefaultValue("10s") Duration timeout,
      @DefaultValue("2") int maxConcurrentPerUser,
      @DefaultValue("4") int maxConcurrent,
      @DefaultValue java.util.List<String> allowedProcedures) {}

  /** Document storage. */
  public record Blobs(
      // where documents are kept; unset = <data-dir>/blobs
      @Nullable Path dir,
      @DefaultValue("10MB") org.springframework.util.unit.DataSize maxDocumentSize,
      @DefaultValue("1MB") org.springframework.util.unit.DataSize maxJsonBody,
      @DefaultValue("10s") Duration reclaimGrace,
      @DefaultValue S3 s3) {

    /**
     * An S3-compatible bucket for documents, shared by every node; used when {@code bucket} is set (credentials
     * from the AWS SDK's default chain: environment, system properties, profile, instance role).
     */
    public record S3(
        @Nullable String bucket,
        java.net.@Nullable URI endpoint,
        @DefaultValue("us-east-1") String region,
        @DefaultValue("blobs/") String prefix,
        @DefaultValue("false") boolean pathStyle,
        @Nullable String serverSideEncryption,
        @Nullable String kmsKeyId,
        @DefaultValue("30s") Duration timeout) {}
  }

  /** External Neo4j connection. */
  public record Neo4j(
      @Nullable String uri,
      @DefaultValue("neo4j") String username,
      @DefaultValue("") String password,
      @DefaultValue("neo4j") String database,
      @DefaultValue("30s") Duration transactionTimeout,
      @DefaultValue("512MB") org.springframework.util.unit.DataSize transactionMaxMemory,
      @DefaultValue("256MB") org.springframework.util.unit.DataSize pageCache) {}

  /** Step-up: sensitive operations need a login at most {@code maxAge} old (see StepUpPolicy). */
  public record StepUp(@DefaultValue("PT5M") Duration maxAge) {}

  /** Usernames holding the platform admin role. */
  public record Admin(@DefaultValue List<String> usernames) {}

  /** Token settings. */
  public record Tokens(
      @DefaultValue("15m") Duration lifetime,
      @DefaultValue("30d") Duration refreshLifetime,
      @DefaultValue("kith") String issuer) {}

  /**
   * Mail settings.
   *
   * @param linkBase the public address of Kith that links in emails start with (for example the "I did not ask
   *     for this" link of a password reset)
   */
  public record Mail(
      @DefaultValue("no-reply@kith.local") String from,
      @DefaultValue Smtp smtp,
      @DefaultValue("http://localhost:8080") String linkBase) {}

  /** SMTP server; unset host means "write .eml files". */
  public record Smtp(
      @Nullable String host,
      @DefaultValue("587") int port,
      @Nullable String username,
      @Nullable String password,
      @DefaultValue("true") boolean starttls) {}
}
