package org.kith.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Judges addresses only: nothing here resolves a name or connects anywhere. */
@DisplayName("special-purpose addresses")
class SpecialPurposeAddressesTests {
  /** Parses an IP literal (never a name, so no lookup). */
  static InetAddress ip(String literal) {
    InetAddress a = AddressBlock.literal(literal);
    if (a == null) {
      throw new IllegalArgumentException("not an IP literal: " + literal);
    }
    return a;
  }

  static boolean reachable(String literal) {
    return SpecialPurposeAddresses.isGloballyReachable(ip(literal));
  }

  /** The first and last address of a block, from its network address and prefix length. */
  static List<InetAddress> firstAndLast(AddressBlock block) throws UnknownHostException {
    byte[] first = block.network().getAddress();
    byte[] last = first.clone();
    for (int bit = block.prefixLength(); bit < last.length * 8; bit++) {
      last[bit / 8] |= (byte) (0x80 >>> (bit % 8));
    }
    return List.of(InetAddress.getByAddress(first), InetAddress.getByAddress(last));
  }

  static Stream<SpecialPurposeAddresses.Entry> refusedEntries() {
    return Stream.of(
            SpecialPurposeAddresses.IPV4,
            SpecialPurposeAddresses.IPV6,
            SpecialPurposeAddresses.REFUSED_BY_KITH)
        .flatMap(List::stream)
        .filter(e -> e.globallyReachable() != SpecialPurposeAddresses.GloballyReachable.TRUE);
  }

  @Nested
  @DisplayName(
      "every block IANA does not call globally reachable is refused, first and last address")
  class Refused {
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.kith.core.net.SpecialPurposeAddressesTests#refusedEntries")
    void firstAndLastRefused(SpecialPurposeAddresses.Entry entry) throws UnknownHostException {
      for (InetAddress a : firstAndLast(entry.block())) {
        assertThat(SpecialPurposeAddresses.isGloballyReachable(a))
            .as("%s in %s", a, entry)
            .isFalse();
      }
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "100.100.100.200",
          "169.254.169.254",
          "198.18.0.1",
          "198.19.255.255",
          "192.0.0.1",
          "192.0.0.8",
          "192.0.0.170",
          "192.88.99.1",
          "0.0.0.0",
          "10.1.2.3",
          "172.31.255.255",
          "192.168.1.1",
          "127.0.0.1",
          "224.0.0.1",
          "239.255.255.255",
          "255.255.255.255",
          "fd00:ec2::254",
          "fc00::1",
          "fe80::1",
          "fec0::1",
          "ff02::1",
          "::1",
          "::",
          "::ffff:127.0.0.1",
          "::ffff:a9fe:a9fe",
          "::7f00:1",
          "::a9fe:a9fe",
          "::0808:0808",
          "64:ff9b::a9fe:a9fe",
          "64:ff9b::808:808",
          "64:ff9b:1::1",
          "2002:a9fe:a9fe::",
          "2002:0808:0808::1",
          "2001::1",
          "2001:0:4136:e378:8000:63bf:3fff:fdd2",
          "2001:2::1",
          "2001:10::1",
          "2001:db8::1",
          "3fff::1",
          "5f00::1",
          "100::1",
          "100:0:0:1::1",
          "4000::1",
          "::ffff:0:1",
          // inside 192.0.0.0/24 and 2001::/23 but outside their globally reachable exceptions
          "192.0.0.11",
          "192.0.0.169",
          "192.0.0.172",
          "2001:1::4",
          "2001:1ff:ffff::",
          "2001:4:111:ffff::",
          "2001:4:113::"
        })
    @DisplayName(
        "metadata, shared, benchmarking, unique-local and every embedded-IPv4 form are refused")
    void knownAttacks(String literal) {
      assertThat(reachable(literal)).as(literal).isFalse();
    }
  }

  @Nested
  @DisplayName("globally reachable addresses are permitted")
  class Permitted {
    @ParameterizedTest
    @ValueSource(
        strings = {
          "8.8.8.8",
          "1.1.1.1",
          "2606:4700:4700::1111",
          "2001:4860:4860::8888",
          // the registries' globally reachable exceptions
          "192.0.0.9",
          "192.0.0.10",
          "192.31.196.1",
          "192.52.193.1",
          "192.175.48.1",
          "2001:1::1",
          "2001:1::2",
          "2001:1::3",
          "2001:3::1",
          "2001:4:112::1",
          "2001:20::1",
          "2001:30::1",
          "2620:4f:8000::1",
          // just outside refused blocks
          "1.0.0.0",
          "9.255.255.255",
          "11.0.0.0",
          "100.63.255.255",
          "100.128.0.0",
          "126.255.255.255",
          "128.0.0.0",
          "169.253.255.255",
          "169.255.0.0",
          "172.15.255.255",
          "172.32.0.0",
          "191.255.255.255",
          "192.0.1.0",
          "192.0.3.0",
          "192.88.98.255",
          "192.88.100.0",
          "192.167.255.255",
          "192.169.0.0",
          "198.17.255.255",
          "198.20.0.0",
          "198.51.99.255",
          "198.51.101.0",
          "203.0.112.255",
          "203.0.114.0",
          "223.255.255.255",
          "2000::",
          "2001:200::1",
          "2001:db7:ffff::",
          "2001:db9::",
          "2003::",
          "3ffe:ffff::",
          "3fff:1000::",
          "2620:4f:7fff::",
          "2620:4f:8001::"
        })
    void allowed(String literal) {
      assertThat(reachable(literal)).as(literal).isTrue();
    }
  }

  @Test
  @DisplayName(
      "the entry that decides names the block: the most specific, Kith's refusal winning a tie")
  void deciding() {
    assertThat(SpecialPurposeAddresses.decidingEntry(ip("192.0.0.9")))
        .get()
        .extracting(SpecialPurposeAddresses.Entry::name)
        .isEqualTo("Port Control Protocol Anycast");
    assertThat(SpecialPurposeAddresses.decidingEntry(ip("64:ff9b::808:808")))
        .get()
        .extracting(e -> e.globallyReachable())
        .isEqualTo(SpecialPurposeAddresses.GloballyReachable.FALSE);
    assertThat(SpecialPurposeAddresses.decidingEntry(ip("::1")))
        .get()
        .extracting(SpecialPurposeAddresses.Entry::name)
        .isEqualTo("Loopback Address");
    assertThat(SpecialPurposeAddresses.decidingEntry(ip("8.8.8.8"))).isEmpty();
  }

  @Test
  @DisplayName(
      "an IPv4-mapped address is its IPv4 address when Java reads it so, and refused when held as IPv6")
  void mapped() throws UnknownHostException {
    assertThat(ip("::ffff:8.8.8.8")).isEqualTo(ip("8.8.8.8"));
    byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 8, 8, 8, 8};
    assertThat(SpecialPurposeAddresses.isGloballyReachable(
            java.net.Inet6Address.getByAddress(null, mapped, -1)))
        .isFalse();
  }
}
