package org.kith.api.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.core.ProblemKind;
import org.kith.core.Rejected;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

@DisplayName("per-address rate limit of the unauthenticated check routes")
class ClientRateLimiterTests {
  @TempDir
  static Path dir;

  static RedisServer redis;

  @BeforeAll
  static void startRedis() throws Exception {
    redis = RedisServer.start(dir);
  }

  @AfterAll
  static void stopRedis() throws Exception {
    redis.stop();
  }

  static MockServerWebExchange from(String address) {
    return MockServerWebExchange.from(MockServerHttpRequest.post("/v1/verify/check")
        .remoteAddress(new InetSocketAddress(address, 40000)));
  }

  static void take(ClientRateLimiter limiter, String address, long cost) {
    limiter.acquire(from(address), cost).block(Duration.ofSeconds(5));
  }

  static ClientRateLimiter local() {
    return new ClientRateLimiter(5, null);
  }

  @Test
  @DisplayName(
      "a burst of twice the rate passes, the next request is a 429 with Retry-After; other addresses are unaffected")
  void burstThenLimited() {
    ClientRateLimiter limiter = local();
    for (int i = 0; i < 10; i++) {
      take(limiter, "192.0.2.1", 1);
    }
    assertThatThrownBy(() -> take(limiter, "192.0.2.1", 1))
        .isInstanceOfSatisfying(Rejected.class, r -> {
          assertThat(r.kind()).isEqualTo(ProblemKind.TOO_MANY_REQUESTS);
          assertThat(r.retryAfter()).isNotNull().isPositive();
        });
    take(limiter, "192.0.2.2", 1);
  }

  @Test
  @DisplayName("a request costs its units of work: a large batch uses more of the bucket")
  void costs() {
    ClientRateLimiter limiter = local();
    take(limiter, "192.0.2.3", 8);
    assertThatThrownBy(() -> take(limiter, "192.0.2.3", 3)).isInstanceOf(Rejected.class);
  }

  @Test
  @DisplayName(
      "an IPv6 client is its /64: moving to another address of it does not reset the bucket")
  void ipv6Network() {
    ClientRateLimiter limiter = local();
    for (int i = 0; i < 10; i++) {
      take(limiter, "2001:db8:1:2::" + Integer.toHexString(i + 1), 1);
    }
    assertThatThrownBy(() -> take(limiter, "2001:db8:1:2:ffff:ffff:ffff:ffff", 1))
        .isInstanceOf(Rejected.class);
    take(limiter, "2001:db8:1:3::1", 1);
  }

  @Test
  @DisplayName(
      "with Redis two nodes take from one bucket: a burst spread over both is the limit once, not twice")
  void sharedAcrossNodes() {
    SharedBuckets a = new SharedBuckets(redis.uri(), Duration.ofSeconds(2));
    SharedBuckets b = new SharedBuckets(redis.uri(), Duration.ofSeconds(2));
    try {
      ClientRateLimiter nodeA = new ClientRateLimiter(5, a);
      ClientRateLimiter nodeB = new ClientRateLimiter(5, b);
      for (int i = 0; i < 10; i++) {
        take(i % 2 == 0 ? nodeA : nodeB, "198.51.100.7", 1);
      }
      assertThatThrownBy(() -> take(nodeA, "198.51.100.7", 1)).isInstanceOf(Rejected.class);
      assertThatThrownBy(() -> take(nodeB, "198.51.100.7", 1)).isInstanceOf(Rejected.class);
      take(nodeB, "198.51.100.8", 1);
    } finally {
      a.close();
      b.close();
    }
  }

  @Test
  @DisplayName(
      "when Redis does not answer, a node limits on its own within the timeout instead of failing or hanging")
  void fallsBackWhenRedisIsDown() throws Exception {
    int closed;
    try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    SharedBuckets nowhere =
        new SharedBuckets("redis://127.0.0.1:" + closed, Duration.ofMillis(300));
    try {
      ClientRateLimiter limiter = new ClientRateLimiter(5, nowhere);
      long start = System.nanoTime();
      for (int i = 0; i < 10; i++) {
        take(limiter, "203.0.113.9", 1);
      }
      assertThatThrownBy(() -> take(limiter, "203.0.113.9", 1)).isInstanceOf(Rejected.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    } finally {
      nowhere.close();
    }
  }
}
