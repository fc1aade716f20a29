package org.kith.delivery.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.kith.core.consent.DeliveryFailure;
import org.kith.core.net.OutboundTargets;
import reactor.core.publisher.Mono;

/**
 * The connect-time check. Every address here is loopback, so nothing can leave the machine even if the check
 * failed: a "refused" address is a loopback one the targets do not list, and a name is answered by a stub.
 */
@DisplayName("webhook sender: where it connects")
class HttpWebhookSenderTests {
  private static final OutboundTargets GLOBAL_ONLY = OutboundTargets.globalOnly();
  private static final OutboundTargets ONLY_127_0_0_1 =
      OutboundTargets.alsoPermitting(List.of("127.0.0.1/32"));
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final List<String> hostHeaders = new CopyOnWriteArrayList<>();
  private HttpServer receiver;

  @BeforeEach
  void start() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/hook", exchange -> {
      exchange.getRequestBody().readAllBytes();
      hostHeaders.add(exchange.getRequestHeaders().getFirst("Host"));
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    receiver.start();
  }

  @AfterEach
  void stop() {
    receiver.stop(0);
  }

  private int port() {
    return receiver.getAddress().getPort();
  }

  private static HttpWebhookSender sender(OutboundTargets targets, HostResolver resolver) {
    return new HttpWebhookSender(new ObjectMapper(), Clock.systemUTC(), targets, resolver);
  }

  private static HostResolver answering(String... addresses) {
    return host ->
        Mono.just(List.of(addresses).stream().map(HttpWebhookSenderTests::ip).toList());
  }

  private static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal); // literals only: no lookup
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static Mono<Integer> post(HttpWebhookSender sender, String url) {
    return sender.send(url, "evt-1", Map.of("i_id", "i-1"), java.util.List.of("secret"));
  }

  private static String reasonOf(Mono<Integer> delivery) {
    Throwable[] error = new Throwable[1];
    assertThatThrownBy(() -> delivery.block(WAIT)).satisfies(e -> error[0] = e);
    assertThat(error[0]).isInstanceOf(DeliveryFailure.class);
    return ((DeliveryFailure) error[0]).reason();
  }

  @Nested
  @DisplayName("refused without connecting")
  class Refused {
    /** A listening socket nobody may connect to: after the attempt, its backlog must be empty. */
    private ServerSocket trap;

    @BeforeEach
    void listen() throws IOException {
      trap = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      trap.setSoTimeout(300);
    }

    @AfterEach
    void close() throws IOException {
      trap.close();
    }

    private void assertNobodyConnected() throws IOException {
      assertThatThrownBy(() -> trap.accept().close()).isInstanceOf(SocketTimeoutException.class);
    }

    @Test
    @DisplayName(
        "a name whose address is special-purpose (loopback, not listed) is refused; nothing connects")
    void nameToSpecialPurpose() throws IOException {
      String url = "http://hooks.example:" + trap.getLocalPort() + "/hook";
      assertThat(reasonOf(post(sender(GLOBAL_ONLY, answering("127.0.0.1")), url)))
          .isEqualTo("refused");
      assertNobodyConnected();
    }

    @Test
    @DisplayName(
        "a name with one permitted and one refused address is refused whole; nothing connects")
    void everyAddressJudged() throws IOException {
      String url = "http://hooks.example:" + trap.getLocalPort() + "/hook";
      assertThat(reasonOf(post(sender(ONLY_127_0_0_1, answering("127.0.0.1", "127.0.0.2")), url)))
          .isEqualTo("refused");
      assertNobodyConnected();
    }

    @Test
    @DisplayName("an IP address in the URL is judged too (no resolver involved); nothing connects")
    void literal() throws IOException {
      AtomicInteger lookups = new AtomicInteger();
      HostResolver counting = host -> {
        lookups.incrementAndGet();
        return Mono.just(List.of(ip("127.0.0.1")));
      };
      for (String host : List.of("127.0.0.1", "[::ffff:127.0.0.1]")) {
        String url = "http://" + host + ":" + trap.getLocalPort() + "/hook";
        assertThat(reasonOf(post(sender(GLOBAL_ONLY, counting), url))).as(url).isEqualTo("refused");
      }
      assertNobodyConnected();
      assertThat(lookups).hasValue(0);
    }
  }

  @Test
  @DisplayName(
      "a name is resolved once; Kith connects to that checked answer, so a rebinding gains nothing")
  void resolvedOnceAndPinned() {
    Queue<String> answers = new ArrayDeque<>(List.of("127.0.0.1", "127.0.0.2"));
    AtomicInteger lookups = new AtomicInteger();
    HostResolver rebinding = host -> {
      lookups.incrementAndGet();
      return Mono.fromSupplier(() -> List.of(ip(answers.remove())));
    };
    HttpWebhookSender sender = sender(ONLY_127_0_0_1, rebinding);
    String url = "http://hooks.example:" + port() + "/hook";
    assertThat(post(sender, url).block(WAIT)).isEqualTo(204);
    assertThat(lookups).hasValue(1);
    assertThat(hostHeaders).containsExactly("hooks.example:" + port());
    assertThat(reasonOf(post(sender, url)))
        .isEqualTo("refused"); // the name now answers a refused address
    assertThat(hostHeaders).hasSize(1);
  }

  @Test
  @DisplayName(
      "errors are generic: a closed port is 'failed', never the exception's text with the address")
  void genericErrors() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    String reason = reasonOf(post(
        sender(ONLY_127_0_0_1, answering("127.0.0.1")), "http://127.0.0.1:" + closed + "/hook"));
    assertThat(reason).isEqualTo("failed");
  }
}
