package org.kith.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.api.KithIT;
import org.neo4j.driver.Driver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;

/**
 * Failed logins slow down the client that fails, never the owner: each test client connects from its own
 * loopback address (all of 127.0.0.0/8 reaches this host), which is what the server sees as the client.
 */
@DisplayName("login throttling: slow for the failing client, no lockout for the owner")
class LoginThrottleIT extends KithIT {
  private static final AtomicInteger NEXT_CLIENT = new AtomicInteger(2);
  private static final String WRONG = "not the password";

  @LocalServerPort
  int port;

  @Autowired
  Driver driver;

  /** A client with its own address, 127.0.9.x. */
  private record Client(String address, WebTestClient http) {
    WebTestClient.ResponseSpec login(String username, String password) {
      return http.post()
          .uri("/v1/auth/token")
          .contentType(MediaType.APPLICATION_JSON)
          .bodyValue(Map.of("grant_type", "password", "username", username, "password", password))
          .exchange();
    }
  }

  private Client newClient() {
    String address = "127.0.9." + NEXT_CLIENT.getAndIncrement();
    HttpClient connector = HttpClient.create().bindAddress(() -> new InetSocketAddress(address, 0));
    return new Client(
        address,
        WebTestClient.bindToServer(new ReactorClientHttpConnector(connector))
            .baseUrl("http://127.0.0.1:" + port)
            .build());
  }

  private static long retryAfter(WebTestClient.ResponseSpec response) {
    String value = response
        .expectStatus()
        .isEqualTo(429)
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .returnResult(Void.class)
        .getResponseHeaders()
        .getFirst("Retry-After");
    assertThat(value).isNotNull();
    return Long.parseLong(value);
  }

  /** Lets a client's current delay for a username pass, as the clock would (its failures stay counted). */
  private void delayPasses(Client client, String username) throws Exception {
    String key = HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256")
            .digest(
                ("client:" + client.address() + " " + username).getBytes(StandardCharsets.UTF_8)));
    try (var session = driver.session()) {
      long lifted = session.executeWrite(tx -> tx.run(
              "MATCH (t:LoginThrottle {key: $k}) SET t.blocked_until = null"
                  + " RETURN count(t) AS n",
              Map.of("k", key))
          .single()
          .get("n")
          .asLong());
      assertThat(lifted).isEqualTo(1);
    }
  }

  @Test
  @DisplayName(
      "strangers' wrong passwords from many clients never stop the owner's right password from a fresh client")
  void noLockout() {
    String user = newUsername("victim");
    signupVerified(user);
    List<Client> strangers = new ArrayList<>();
    for (int c = 0; c < 5; c++) {
      Client stranger = newClient();
      strangers.add(stranger);
      for (int i = 0; i < 2; i++) {
        stranger.login(user, WRONG).expectStatus().value(s -> assertThat(s).isIn(401, 429));
      }
    }
    // ten failures emptied the username's budget: clients that have been failing now wait, right
    // password or not
    assertThat(retryAfter(strangers.get(0).login(user, PASSWORD))).isPositive();
    // the owner, on a client that has not been failing, gets in
    Client owner = newClient();
    owner.login(user, PASSWORD).expectStatus().isOk();
    owner.login(user, PASSWORD).expectStatus().isOk();
    // a fresh client's wrong password counts: for it and for the username, so its next try waits
    Client fresh = newClient();
    fresh.login(user, WRONG).expectStatus().isUnauthorized();
    assertThat(retryAfter(fresh.login(user, PASSWORD))).isPositive();
  }

  @Test
  @DisplayName(
      "a client that keeps failing waits longer each time, and a try before the wait ends is not even checked")
  void growingDelays() throws Exception {
    String user = newUsername("slow");
    signupVerified(user);
    Client client = newClient();
    for (int i = 0; i < 3; i++) {
      client.login(user, WRONG).expectStatus().isUnauthorized();
    }
    List<Long> waits = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      client.login(user, WRONG).expectStatus().isUnauthorized();
      // premature: refused before the password is looked at, even the right one
      waits.add(retryAfter(client.login(user, PASSWORD)));
      delayPasses(client, user);
    }
    assertThat(waits).containsExactly(30L, 60L, 120L);
    // once its wait is over, the right password works and the client's failures are forgotten
    client.login(user, PASSWORD).expectStatus().isOk();
    client.login(user, WRONG).expectStatus().isUnauthorized();
    client.login(user, PASSWORD).expectStatus().isOk();
    // meanwhile another client was never held back
    newClient().login(user, PASSWORD).expectStatus().isOk();
  }

  @Test
  @DisplayName("X-Forwarded-For does not make a failing client look fresh")
  void forwardedForIgnored() {
    String user = newUsername("xff");
    signupVerified(user);
    Client client = newClient();
    for (int i = 0; i < 4; i++) {
      client
          .http()
          .post()
          .uri("/v1/auth/token")
          .contentType(MediaType.APPLICATION_JSON)
          .header("X-Forwarded-For", "203.0.113." + i)
          .bodyValue(Map.of("grant_type", "password", "username", user, "password", WRONG))
          .exchange()
          .expectStatus()
          .isUnauthorized();
    }
    assertThat(retryAfter(client
            .http()
            .post()
            .uri("/v1/auth/token")
            .contentType(MediaType.APPLICATION_JSON)
            .header("X-Forwarded-For", "198.51.100.7")
            .bodyValue(Map.of("grant_type", "password", "username", user, "password", PASSWORD))
            .exchange()))
        .isEqualTo(30L);
  }
}
