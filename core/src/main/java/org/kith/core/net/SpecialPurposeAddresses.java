package org.kith.core.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890, updated by RFC 8190), as data, and the
 * rule Kith follows for outbound connections: <b>an address is a permitted target only if it is globally
 * reachable</b>. Each entry keeps the block, its name, its RFC and the "Globally Reachable" value as IANA states it
 * (True, False or N/A). The most specific entry that contains an address decides (so {@code 192.0.0.9/32}, True,
 * carves an exception out of {@code 192.0.0.0/24}, False); N/A counts as not reachable.
 *
 * <p>Beyond the registries, Kith refuses what lets a special-purpose IPv4 address hide inside an IPv6 one, and
 * what is not unicast: the IPv4-mapped {@code ::ffff:0:0/96} (RFC 4291 section 2.5.5.2), the deprecated
 * IPv4-compatible {@code ::/96} (RFC 4291 section 2.5.5.1), NAT64's {@code 64:ff9b::/96} (RFC 6052; IANA calls it
 * globally reachable, but it reaches whatever IPv4 address it embeds), 6to4 {@code 2002::/16} (RFC 3056) and
 * Teredo {@code 2001::/32} (RFC 4380), multicast ({@code 224.0.0.0/4}, RFC 5771; {@code ff00::/8}, RFC 4291
 * section 2.7), the deprecated site-local {@code fec0::/10} (RFC 3879), and every IPv6 address outside Global
 * Unicast {@code 2000::/3} (RFC 4291 section 2.4, IANA IPv6 Address Space). An embedded IPv4 address is never
 * judged: the whole prefix is refused, which is simpler and cannot be fooled by an encoding. (Java itself reads
 * {@code ::ffff:a.b.c.d} as the IPv4 address {@code a.b.c.d}, which is then judged as such; held as IPv6, it is
 * refused.)
 *
 * <p>Registry contents as published by IANA (IPv4 registry updated 2025, IPv6 registry updated 2025); a new
 * registration is one line here. Never connects anywhere. Thread-safe.
 */
public final class SpecialPurposeAddresses {
  /** IANA's "Globally Reachable" column. */
  public enum GloballyReachable {
    TRUE,
    FALSE,
    NOT_APPLICABLE
  }

  /** One registry row: block, name, defining RFC, and whether IANA calls it globally reachable. */
  public record Entry(
      AddressBlock block, String name, String rfc, GloballyReachable globallyReachable) {
    static Entry of(String cidr, String name, String rfc, GloballyReachable reachable) {
      return new Entry(AddressBlock.parse(cidr), name, rfc, reachable);
    }

    boolean contains(InetAddress address) {
      return block.contains(address);
    }
  }

  private static final GloballyReachable T = GloballyReachable.TRUE;
  private static final GloballyReachable F = GloballyReachable.FALSE;
  private static final GloballyReachable NA = GloballyReachable.NOT_APPLICABLE;

  /** IANA IPv4 Special-Purpose Address Registry. */
  public static final List<Entry> IPV4 = List.of(
      Entry.of("0.0.0.0/8", "\"This network\"", "RFC 791 section 3.2", F),
      Entry.of("0.0.0.0/32", "\"This host on this network\"", "RFC 1122 section 3.2.1.3", F),
      Entry.of("10.0.0.0/8", "Private-Use", "RFC 1918", F),
      Entry.of("100.64.0.0/10", "Shared Address Space", "RFC 6598", F),
      Entry.of("127.0.0.0/8", "Loopback", "RFC 1122 section 3.2.1.3", F),
      Entry.of("169.254.0.0/16", "Link Local", "RFC 3927", F),
      Entry.of("172.16.0.0/12", "Private-Use", "RFC 1918", F),
      Entry.of("192.0.0.0/24", "IETF Protocol Assignments", "RFC 6890 section 2.1", F),
      Entry.of("192.0.0.0/29", "IPv4 Service Continuity Prefix", "RFC 7335", F),
      Entry.of("192.0.0.8/32", "IPv4 dummy address", "RFC 7600", F),
      Entry.of("192.0.0.9/32", "Port Control Protocol Anycast", "RFC 7723", T),
      Entry.of("192.0.0.10/32", "Traversal Using Relays around NAT Anycast", "RFC 8155", T),
      Entry.of("192.0.0.170/32", "NAT64/DNS64 Discovery", "RFC 8880, RFC 7050 section 2.2", F),
      Entry.of("192.0.0.171/32", "NAT64/DNS64 Discovery", "RFC 8880, RFC 7050 section 2.2", F),
      Entry.of("192.0.2.0/24", "Documentation (TEST-NET-1)", "RFC 5737", F),
      Entry.of("192.31.196.0/24", "AS112-v4", "RFC 7535", T),
      Entry.of("192.52.193.0/24", "AMT", "RFC 7450", T),
      Entry.of("192.88.99.0/24", "Deprecated (6to4 Relay Anycast)", "RFC 7526", NA),
      Entry.of("192.168.0.0/16", "Private-Use", "RFC 1918", F),
      Entry.of("192.175.48.0/24", "Direct Delegation AS112 Service", "RFC 7534", T),
      Entry.of("198.18.0.0/15", "Benchmarking", "RFC 2544", F),
      Entry.of("198.51.100.0/24", "Documentation (TEST-NET-2)", "RFC 5737", F),
      Entry.of("203.0.113.0/24", "Documentation (TEST-NET-3)", "RFC 5737", F),
      Entry.of("240.0.0.0/4", "Reserved", "RFC 1112 section 4", F),
      Entry.of("255.255.255.255/32", "Limited Broadcast", "RFC 8190, RFC 919 section 7", F));

  /** IANA IPv6 Special-Purpose Address Registry. */
  public static final List<Entry> IPV6 = List.of(
      Entry.of("::1/128", "Loopback Address", "RFC 4291", F),
      Entry.of("::/128", "Unspecified Address", "RFC 4291", F),
      Entry.of("::ffff:0:0/96", "IPv4-mapped Address", "RFC 4291", F),
      Entry.of("64:ff9b::/96", "IPv4-IPv6 Translat.", "RFC 6052", T),
      Entry.of("64:ff9b:1::/48", "IPv4-IPv6 Translat.", "RFC 8215", F),
      Entry.of("100::/64", "Discard-Only Address Block", "RFC 6666", F),
      Entry.of("100:0:0:1::/64", "Dummy IPv6 Prefix", "RFC 9780", F),
      Entry.of("2001::/23", "IETF Protocol Assignments", "RFC 2928", F),
      Entry.of("2001::/32", "TEREDO", "RFC 4380, RFC 8190", NA),
      Entry.of("2001:1::1/128", "Port Control Protocol Anycast", "RFC 7723", T),
      Entry.of("2001:1::2/128", "Traversal Using Relays around NAT Anycast", "RFC 8155", T),
      Entry.of("2001:1::3/128", "DNS-SD Service Registration Protocol Anycast", "RFC 9665", T),
      Entry.of("2001:2::/48", "Benchmarking", "RFC 5180", F),
      Entry.of("2001:3::/32", "AMT", "RFC 7450", T),
      Entry.of("2001:4:112::/48", "AS112-v6", "RFC 7535", T),
      Entry.of("2001:10::/28", "Deprecated (previously ORCHID)", "RFC 4843", F),
      Entry.of("2001:20::/28", "ORCHIDv2", "RFC 7343", T),
      Entry.of("2001:30::/28", "Drone Remote ID Protocol Entity Tags (DETs) Prefix", "RFC 9374", T),
      Entry.of("2001:db8::/32", "Documentation", "RFC 3849", F),
      Entry.of("2002::/16", "6to4", "RFC 3056", NA),
      Entry.of("2620:4f:8000::/48", "Direct Delegation AS112 Service", "RFC 7534", T),
      Entry.of("3fff::/20", "Documentation", "RFC 9637", F),
      Entry.of("5f00::/16", "Segment Routing (SRv6) SIDs", "RFC 9602", F),
      Entry.of("fc00::/7", "Unique-Local", "RFC 4193, RFC 8190", F),
      Entry.of("fe80::/10", "Link-Local Unicast", "RFC 4291", F));

  /** Refused whatever the registries say: other addresses hidden inside, or not unicast (see the class doc). */
  public static final List<Entry> REFUSED_BY_KITH = List.of(
      Entry.of("::/96", "IPv4-compatible Address (deprecated)", "RFC 4291 section 2.5.5.1", F),
      Entry.of("::ffff:0:0/96", "IPv4-mapped Address", "RFC 4291 section 2.5.5.2", F),
      Entry.of("64:ff9b::/96", "IPv4-IPv6 Translation (embeds an IPv4 address)", "RFC 6052", F),
      Entry.of("2001::/32", "TEREDO (embeds an IPv4 address)", "RFC 4380", F),
      Entry.of("2002::/16", "6to4 (embeds an IPv4 address)", "RFC 3056", F),
      Entry.of("224.0.0.0/4", "Multicast", "RFC 5771", F),
      Entry.of("ff00::/8", "Multicast", "RFC 4291 section 2.7", F),
      Entry.of("fec0::/10", "Site-Local (deprecated)", "RFC 3879", F));

  private static final AddressBlock GLOBAL_UNICAST = AddressBlock.parse("2000::/3");
  private static final Entry NOT_GLOBAL_UNICAST =
      Entry.of("::/0", "Outside IPv6 Global Unicast 2000::/3", "RFC 4291 section 2.4", F);

  private SpecialPurposeAddresses() {}

  /**
   * The entry that decides about the address: the most specific one of {@link #REFUSED_BY_KITH} and the
   * registries that contains it (Kith's refusal wins over a registry entry of the same block, as for
   * {@code 64:ff9b::/96}), else, for IPv6 outside {@code 2000::/3}, that refusal; empty for an ordinary address.
   */
  public static Optional<Entry> decidingEntry(InetAddress address) {
    // a later entry replaces an earlier one only when strictly longer, so Kith's entries, listed
    // first, win ties
    Optional<Entry> entry = Stream.of(REFUSED_BY_KITH, IPV4, IPV6)
        .flatMap(List::stream)
        .filter(e -> e.contains(address))
        .reduce((a, b) -> b.block().prefixLength() > a.block().prefixLength() ? b : a);
    if (entry.isPresent()) {
      return entry;
    }
    return address instanceof Inet6Address && !GLOBAL_UNICAST.contains(address)
        ? Optional.of(NOT_GLOBAL_UNICAST)
        : Optional.empty();
  }

  /** Whether Kith may connect to the address: no entry decides, or the deciding one is globally reachable. */
  public static boolean isGloballyReachable(InetAddress address) {
    return decidingEntry(address)
        .map(e -> e.globallyReachable() == GloballyReachable.TRUE)
        .orElse(true);
  }
}
