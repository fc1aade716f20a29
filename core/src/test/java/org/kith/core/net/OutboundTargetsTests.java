package org.kith.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Judges URLs without DNS: every host here is an IP literal, a loopback name or a name never looked up. */
@DisplayName("outbound targets")
class OutboundTargetsTests {
  private final OutboundTargets global = OutboundTargets.globalOnly();
  private final OutboundTargets loopbackToo =
      OutboundTargets.alsoPermitting(List.of("127.0.0.0/8", "::1/128"));

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://100.100.100.200/x",
        "https://[fd00:ec2::254]/x",
        "https://169.254.169.254/",
        "https://[::ffff:127.0.0.1]/",
        "https://[::ffff:a9fe:a9fe]/",
        "https://[::7f00:1]/",
        "https://[64:ff9b::a9fe:a9fe]/",
        "https://[2002:a9fe:a9fe::]/",
        "https://198.18.0.1/",
        "https://192.0.0.1/",
        "http://127.0.0.1:8080/hook",
        "http://[::1]/",
        "http://localhost/",
        "http://LOCALHOST:9/",
        "http://a.localhost/",
        "https://[fe80::1%25eth0]/"
      })
  @DisplayName("an IP-address host that is not globally reachable is refused at registration")
  void refusedLiterals(String url) {
    assertThat(global.urlProblem(url)).as(url).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://2130706433/",
        "http://0177.0.0.1/",
        "http://0x7f000001/",
        "http://127.000.0.1/",
        "http://017700000001/",
        "http://1.2.3.04/",
        "http://example.0x10/"
      })
  @DisplayName(
      "an IPv4 address written other than as four decimal numbers is refused, whatever it names")
  void oddIpv4Forms(String url) {
    assertThat(global.urlProblem(url)).as(url).isNotNull();
    assertThat(loopbackToo.urlProblem(url)).as(url).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://8.8.8.8/hook",
        "https://[2606:4700:4700::1111]/",
        "https://hooks.example.org/x",
        "https://192.0.0.9/",
        "https://1.0.0.0/"
      })
  @DisplayName(
      "globally reachable addresses and names are accepted (names are judged when Kith connects)")
  void accepted(String url) {
    assertThat(global.urlProblem(url)).as(url).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1:8080/hook", "http://[::1]/", "http://localhost/"})
  @DisplayName("the operator's listed networks are accepted, and only they")
  void listed(String url) {
    assertThat(loopbackToo.urlProblem(url)).as(url).isNull();
    assertThat(loopbackToo.urlProblem("http://10.0.0.1/")).isNotNull();
    assertThat(loopbackToo.permits(SpecialPurposeAddressesTests.ip("127.0.0.2")))
        .isTrue();
    assertThat(loopbackToo.permits(SpecialPurposeAddressesTests.ip("100.100.100.200")))
        .isFalse();
  }
}
