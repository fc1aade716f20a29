package org.kith.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.neo4j.driver.Driver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * Base of the end-to-end tests: the whole application on a real port, over an embedded Neo4j in a fresh
 * data directory, with mail written as .eml files that the tests read like a person reads their inbox.
 * All subclasses share one application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class KithIT {
  protected static final String PASSWORD = "correct horse battery";
  protected static final Path DATA_DIR = createDataDir();
  /**
   * The port, chosen before start so the OpenID Provider's issuer URL ({@code kith.issuer-url}) can name it: a
   * relying-party library checks that the issuer it discovers is the URL it was given.
   */
  protected static final int PORT = freePort();

  /** The SMS provider every test context talks to: a local server in Twilio Verify's wire format. */
  protected static final org.kith.api.verification.FakeTwilioVerify SMS =
      org.kith.api.verification.FakeTwilioVerify.start();

  /** The business register every test context talks to: a local server in the NZBN API's v5 wire format. */
  protected static final org.kith.api.verification.FakeNzbnRegister NZBN =
      org.kith.api.verification.FakeNzbnRegister.start();

  @Autowired
  protected WebTestClient http;

  @Autowired
  private Driver graph;

  /** A slow request on a loaded machine (the JVM warming up, a busy CI) must not fail a test: 30 s, not 5. */
  @org.junit.jupiter.api.BeforeEach
  void patientClient() {
    http = http.mutate().responseTimeout(Duration.ofSeconds(30)).build();
  }

  /** A form body of name/value pairs, as the OAuth endpoints take. */
  protected static MultiValueMap<String, String> form(String... pairs) {
    MultiValueMap<String, String> m = new LinkedMultiValueMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.add(pairs[i], pairs[i + 1]);
    }
    return m;
  }

  /** Polls until the condition holds (or fails the test after {@code limit}). */
  protected static void eventually(Duration limit, java.util.function.BooleanSupplier condition) {
    long end = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within " + limit);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** Writes to the graph directly, as a test arranges what the HTTP API cannot (an expired code, a lost node). */
  protected void cypher(String query, Map<String, Object> params) {
    try (var session = graph.session()) {
      session.executeWriteWithoutResult(tx -> tx.run(query, params).consume());
    }
  }

  @DynamicPropertySource
  static void kithProperties(DynamicPropertyRegistry registry) {
    registry.add("kith.data-dir", DATA_DIR::toString);
    registry.add("server.port", () -> PORT);
    registry.add("kith.issuer-url", () -> "http://127.0.0.1:" + PORT);
    registry.add("kith.admin.usernames", () -> "admin@example.org");
    // passkeys need a domain as rp id (never an IP address): the browser tests use
    // http://localhost:PORT
    registry.add("kith.webauthn.rp-id", () -> "localhost");
    registry.add("kith.webauthn.origins", () -> "http://localhost:" + PORT);
    // transition actions: deliver and retry quickly so tests see retries and dead letters in
    // seconds
    registry.add("kith.outbox.poll-interval", () -> "100ms");
    registry.add("kith.outbox.retry-base", () -> "50ms");
    registry.add("kith.outbox.max-attempts", () -> "3");
    // the test receivers listen on loopback; every other special-purpose address stays refused
    registry.add("kith.outbox.webhook-allowed-networks", () -> "127.0.0.0/8,::1/128");
    // login delays long enough that "try again at once" is premature even on a slow machine; tests
    // that need the
    // delay to pass lift it in the graph rather than sleep
    registry.add("kith.login.first-delay", () -> "30s");
    // one database probe answers health for the whole run: HealthIT counts that calls do not probe
    // again
    registry.add("kith.health.database-probe-interval", () -> "1h");
    registry.add("kith.checks.sms.base-url", SMS::baseUrl);
    registry.add(
        "kith.checks.sms.service-sid", () -> org.kith.api.verification.FakeTwilioVerify.SERVICE);
    registry.add(
        "kith.checks.sms.username", () -> org.kith.api.verification.FakeTwilioVerify.USERNAME);
    registry.add(
        "kith.checks.sms.password", () -> org.kith.api.verification.FakeTwilioVerify.PASSWORD);
    registry.add("kith.checks.business.base-url", NZBN::baseUrl);
    registry.add(
        "kith.checks.business.subscription-key",
        () -> org.kith.api.verification.FakeNzbnRegister.KEY);
  }

  private static int freePort() {
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path createDataDir() {
    try {
      return Files.createTempDirectory("kith-it-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A unique email address for one test. */
  protected static String newUsername(String prefix) {
    return prefix + "-" + System.nanoTime() + "@example.org";
  }

  protected WebTestClient.ResponseSpec post(String path, Object body) {
    return http.post()
        .uri(path)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange();
  }

  protected WebTestClient.ResponseSpec post(String path, String bearer, Object body) {
    return http.post()
        .uri(path)
        .contentType(MediaType.APPLICATION_JSON)
        .headers(h -> h.setBearerAuth(bearer))
        .bodyValue(body)
        .exchange();
  }

  protected WebTestClient.ResponseSpec get(String path, String bearer) {
    return http.get().uri(path).headers(h -> h.setBearerAuth(bearer)).exchange();
  }

  /** Signs up; returns the u_id. */
  protected String signup(String username) {
    Map<?, ?> body = post("/v1/auth/signup", Map.of("username", username, "password", PASSWORD))
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    assertThat(body).isNotNull();
    return (String) body.get("u_id");
  }

  /** Signs up and verifies with the emailed code; returns the u_id. */
  protected String signupVerified(String username) {
    String uId = signup(username);
    post(
            "/v1/auth/verify",
            Map.of(
                "username",
                username,
                "verification_code",
                PickupMails.latestCode(DATA_DIR, username, 1)))
        .expectStatus()
        .isOk();
    return uId;
  }

  /** An access token of the platform admin ({@code admin@example.org}), signing it up on first use. */
  protected synchronized String adminToken() {
    int status = post("/v1/auth/signup", Map.of("username", ADMIN, "password", PASSWORD))
        .returnResult(Void.class)
        .getStatus()
        .value();
    if (status == 201) {
      post(
              "/v1/auth/verify",
              Map.of(
                  "username",
                  ADMIN,
                  "verification_code",
                  PickupMails.latestCode(DATA_DIR, ADMIN, 1)))
          .expectStatus()
          .isOk();
    }
    return (String) login(ADMIN, PASSWORD).get("access_token");
  }

  protected static final String ADMIN = "admin@example.org";

  /** Password grant; returns the token response. */
  @SuppressWarnings("unchecked")
  protected Map<String, Object> login(String username, String password) {
    return post(
            "/v1/auth/token",
            Map.of("grant_type", "password", "username", username, "password", password))
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
  }

  /** A verified user with a fresh access token. */
  protected record User(String uId, String username, String token) {}

  /** The platform admin ({@link #ADMIN}) as a {@link User}, with a fresh access token. */
  @SuppressWarnings("unchecked")
  protected User admin() {
    String token = adminToken();
    Map<String, Object> me = get("/v1/auth/me", token)
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    return new User((String) me.get("u_id"), ADMIN, token);
  }

  protected User newUser(String prefix) {
    String username = newUsername(prefix);
    String uId = signupVerified(username);
    return new User(uId, username, (String) login(username, PASSWORD).get("access_token"));
  }

  protected WebTestClient.ResponseSpec put(String path, String bearer, Object body) {
    return http.put()
        .uri(path)
        .contentType(MediaType.APPLICATION_JSON)
        .headers(h -> h.setBearerAuth(bearer))
        .bodyValue(body)
        .exchange();
  }

  protected WebTestClient.ResponseSpec delete(String path, String bearer) {
    return http.delete().uri(path).headers(h -> h.setBearerAuth(bearer)).exchange();
  }

  /**
   * A 404's problem body with the id it was asked about replaced by {@code {id}}: the answers for a hidden and for a
   * non-existent thing must be equal byte for byte but for the request path they echo.
   */
  protected static String notFound(WebTestClient.ResponseSpec response, String id) {
    byte[] body = response
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentType("application/problem+json")
        .expectBody()
        .returnResult()
        .getResponseBody();
    assertThat(body).isNotNull();
    return new String(body, java.nio.charset.StandardCharsets.UTF_8).replace(id, "{id}");
  }

  /** Creates one ss_NZ_Person owned by the user; returns its n_id. */
  protected String person(User owner, String givenNames) {
    return person(owner, givenNames, null);
  }

  /** Creates one ss_NZ_Person owned by the user, with {@code phone} when given; returns its n_id. */
  @SuppressWarnings("unchecked")
  protected String person(User owner, String givenNames, String phone) {
    Map<String, Object> properties = personProperties(givenNames);
    if (phone != null) {
      properties.put("phone", phone);
    }
    List<Map<String, Object>> created = post(
            "/v1/db/profile-objects",
            owner.token(),
            Map.of("schema", "ss_NZ_Person", "properties", properties))
        .expectStatus()
        .isCreated()
        .expectBody(List.class)
        .returnResult()
        .getResponseBody();
    return (String) created.get(0).get("n_id");
  }

  /** The properties {@link #person} writes, with {@code givenNames}. */
  private static Map<String, Object> personProperties(String givenNames) {
    Map<String, Object> properties = new java.util.LinkedHashMap<>();
    properties.put("given_names", givenNames);
    properties.put("family_name", "Tester");
    properties.put("date_of_birth", "1990-01-02");
    return properties;
  }

  /** Replaces the properties of a person object made by {@link #person}, with new given names. */
  protected WebTestClient.ResponseSpec renamePerson(User owner, String nId, String givenNames) {
    return put(
        "/v1/db/profile-objects/" + nId,
        owner.token(),
        Map.of("properties", personProperties(givenNames)));
  }

  /** Creates an organisation as the holder of {@code token} (its first admin); returns its org_id. */
  protected String organisation(String token, String name, String email) {
    return (String) post("/v1/org", token, Map.of("name", name, "email", email))
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody()
        .get("org_id");
  }

  /** Creates a group owned by the user; returns its g_id. */
  protected String group(User owner, String name) {
    return (String) post("/v1/db/groups", owner.token(), Map.of("name", name))
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody()
        .get("g_id");
  }
}
