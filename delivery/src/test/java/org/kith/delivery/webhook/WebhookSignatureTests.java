package org.kith.delivery.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookSignatureTests {
  /** The example of the Standard Webhooks specification's reference libraries (their test vector). */
  @Test
  void signsTheSpecificationsExample() {
    String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    String id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    String timestamp = "1614265330";
    byte[] body = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    assertThat(WebhookSignature.standard(List.of(secret), id, timestamp, body))
        .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  }

  @Test
  void signsWithEverySecretInUseCurrentFirst() {
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    String a = WebhookSignature.standard(List.of("whsec_AAAA"), "e", "1", body);
    String b = WebhookSignature.standard(List.of("whsec_BBBB"), "e", "1", body);
    assertThat(WebhookSignature.standard(List.of("whsec_AAAA", "whsec_BBBB"), "e", "1", body))
        .isEqualTo(a + " " + b);
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void anOlderSecretIsItsOwnBytes() {
    assertThat(WebhookSignature.key("plain")).isEqualTo("plain".getBytes(StandardCharsets.UTF_8));
    assertThat(WebhookSignature.key("whsec_AAEC")).containsExactly(0, 1, 2);
  }
}
