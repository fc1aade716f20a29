package org.kith.core.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A CIDR block ({@code 100.64.0.0/10}, {@code fc00::/7}): the addresses whose first {@code prefixLength} bits
 * equal the network's. IPv4 and IPv6 blocks never contain each other's addresses (an IPv4-mapped IPv6 address is
 * judged by the IPv6 blocks). Immutable.
 */
public record AddressBlock(InetAddress network, int prefixLength) {
  /** Four decimal numbers 0 to 255 without leading zeros: the only IPv4 text read as an address. */
  static final Pattern DOTTED_QUAD = Pattern.compile(
      "(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");

  public AddressBlock {
    int bits = network.getAddress().length * 8;
    if (prefixLength < 0 || prefixLength > bits) {
      throw new IllegalArgumentException("a prefix length from 0 to " + bits + ": " + prefixLength);
    }
  }

  /** {@code address/length}; the address is an IP literal (never a name, so this never asks DNS). */
  public static AddressBlock parse(String cidr) {
    int slash = cidr.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("a CIDR block address/length: " + cidr);
    }
    String text = cidr.substring(0, slash);
    InetAddress network = literal(text);
    if (network == null) {
      throw new IllegalArgumentException("not an IP address: " + cidr);
    }
    if (text.indexOf(':') >= 0
        && network instanceof Inet4Address) { // ::ffff:0:0/96 is an IPv6 block
      byte[] mapped = new byte[16];
      mapped[10] = (byte) 0xff;
      mapped[11] = (byte) 0xff;
      System.arraycopy(network.getAddress(), 0, mapped, 12, 4);
      try {
        network = Inet6Address.getByAddress(null, mapped, -1);
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("not an IP address: " + cidr, e);
      }
    }
    try {
      return new AddressBlock(network, Integer.parseInt(cidr.substring(slash + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a prefix length: " + cidr, e);
    }
  }

  /**
   * The address an IP literal names ({@code 192.0.2.1}, {@code ::1}, {@code [::1]}), or null when the text is
   * not one. Only canonical dotted quads count as IPv4; IPv6 text is what {@link InetAddress} reads (which maps
   * {@code ::ffff:a.b.c.d} to IPv4, as the connection would). Never asks DNS.
   */
  public static @Nullable InetAddress literal(String text) {
    String t =
        text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
    boolean v6 = t.indexOf(':') >= 0;
    if (!v6 && !DOTTED_QUAD.matcher(t).matches()) {
      return null;
    }
    try {
      // in brackets, or a dotted quad, InetAddress reads the text as a literal and never looks it
      // up
      return InetAddress.getByName(v6 ? "[" + t + "]" : t);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** Whether the address lies in this block. */
  public boolean contains(InetAddress address) {
    byte[] a = address.getAddress();
    byte[] n = network.getAddress();
    if (a.length != n.length) {
      return false;
    }
    int full = prefixLength / 8;
    for (int i = 0; i < full; i++) {
      if (a[i] != n[i]) {
        return false;
      }
    }
    int rest = prefixLength % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (a[full] & mask) == (n[full] & mask);
  }

  @Override
  public String toString() {
    return network.getHostAddress() + "/" + prefixLength;
  }
}
