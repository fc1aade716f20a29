package org.kith.api.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.core.ProblemKind;
import org.kith.core.Rejected;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

@DisplayName("per-address rate limit of the unauthenticated check routes")
class ClientRateLimiterTests {
  static MockServerWebExchange from(String address) {
    return MockServerWebExchange.from(MockServerHttpRequest.post("/v1/verify/check")
        .remoteAddress(new InetSocketAddress(address, 40000)));
  }

  @Test
  @DisplayName(
      "a burst of twice the rate passes, the next request is a 429 with Retry-After; other addresses are unaffected")
  void burstThenLimited() {
    ClientRateLimiter limiter = new ClientRateLimiter(5);
    for (int i = 0; i < 10; i++) {
      limiter.acquire(from("192.0.2.1"), 1);
    }
    assertThatThrownBy(() -> limiter.acquire(from("192.0.2.1"), 1))
        .isInstanceOfSatisfying(Rejected.class, r -> {
          assertThat(r.kind()).isEqualTo(ProblemKind.TOO_MANY_REQUESTS);
          assertThat(r.retryAfter()).isNotNull().isPositive();
        });
    limiter.acquire(from("192.0.2.2"), 1);
  }

  @Test
  @DisplayName("a request costs its units of work: a large batch uses more of the bucket")
  void costs() {
    ClientRateLimiter limiter = new ClientRateLimiter(5);
    limiter.acquire(from("192.0.2.3"), 8);
    assertThatThrownBy(() -> limiter.acquire(from("192.0.2.3"), 3)).isInstanceOf(Rejected.class);
  }

  @Test
  @DisplayName(
      "an IPv6 client is its /64: moving to another address of it does not reset the bucket")
  void ipv6Network() {
    ClientRateLimiter limiter = new ClientRateLimiter(5);
    for (int i = 0; i < 10; i++) {
      limiter.acquire(from("2001:db8:1:2::" + Integer.toHexString(i + 1)), 1);
    }
    assertThatThrownBy(() -> limiter.acquire(from("2001:db8:1:2:ffff:ffff:ffff:ffff"), 1))
        .isInstanceOf(Rejected.class);
    limiter.acquire(from("2001:db8:1:3::1"), 1);
  }
}
