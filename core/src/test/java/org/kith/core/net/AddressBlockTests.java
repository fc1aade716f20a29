package org.kith.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("address blocks")
class AddressBlockTests {
  private static InetAddress ip(String literal) {
    InetAddress a = AddressBlock.literal(literal);
    assertThat(a).as(literal).isNotNull();
    return a;
  }

  @ParameterizedTest
  @CsvSource({
    "100.64.0.0/10, 100.64.0.0, true",
    "100.64.0.0/10, 100.127.255.255, true",
    "100.64.0.0/10, 100.128.0.0, false",
    "100.64.0.0/10, 100.63.255.255, false",
    "10.0.0.0/8, 10.1.2.3, true",
    "192.0.2.0/24, 192.0.2.255, true",
    "192.0.2.0/24, 192.0.3.0, false",
    "0.0.0.0/0, 203.0.113.9, true",
    "203.0.113.9/32, 203.0.113.9, true",
    "203.0.113.9/32, 203.0.113.8, false",
    "fc00::/7, fdff::1, true",
    "fc00::/7, fe00::1, false",
    "2001:db8::/32, 2001:db8:ffff::1, true",
    "2001:db8::/32, 2001:db9::, false",
    "::/0, ::1, true"
  })
  @DisplayName("an address is in a block when its first prefix-length bits equal the network's")
  void contains(String block, String address, boolean inside) {
    assertThat(AddressBlock.parse(block).contains(ip(address))).isEqualTo(inside);
  }

  @Test
  @DisplayName("IPv4 and IPv6 blocks never contain each other's addresses")
  void families() {
    assertThat(AddressBlock.parse("::/0").contains(ip("192.0.2.1"))).isFalse();
    assertThat(AddressBlock.parse("0.0.0.0/0").contains(ip("::1"))).isFalse();
  }

  @Test
  @DisplayName("an IPv4-mapped block written in IPv6 is an IPv6 block")
  void mappedBlock() {
    AddressBlock mapped = AddressBlock.parse("::ffff:0:0/96");
    assertThat(mapped.prefixLength()).isEqualTo(96);
    assertThat(mapped.network().getAddress()).hasSize(16);
    assertThat(mapped.contains(ip("192.0.2.1"))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "10.0.0.0",
        "10.0.0.0/33",
        "::/129",
        "10.0.0.0/-1",
        "10.0.0.0/x",
        "example.org/24",
        "010.0.0.0/8",
        "10.0.0/8"
      })
  @DisplayName("a block needs an IP literal and a prefix length that fits it")
  void invalid(String cidr) {
    assertThatThrownBy(() -> AddressBlock.parse(cidr)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "localhost",
        "example.org",
        "0x7f.0.0.1",
        "127.1",
        "2130706433",
        "127.000.000.001",
        "256.0.0.1",
        "1.2.3.4 ",
        ""
      })
  @DisplayName("only canonical dotted quads and IPv6 text are literals; names are never looked up")
  void notLiterals(String text) {
    assertThat(AddressBlock.literal(text)).isNull();
  }

  @Test
  @DisplayName("bracketed IPv6 literals are read; the block prints as address/length")
  void printing() {
    assertThat(AddressBlock.literal("[::1]")).isEqualTo(ip("::1"));
    assertThat(AddressBlock.parse("192.0.2.0/24")).hasToString("192.0.2.0/24");
  }
}
