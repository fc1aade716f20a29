package org.kith.core.net;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The one rule for where Kith connects on an application's behalf (webhooks): only to globally reachable
 * addresses ({@link SpecialPurposeAddresses}), plus the networks the operator lists (tests and development put
 * loopback there; an on-premises receiver's network may be listed by its operator). The rule is applied twice:
 * when a URL is registered, to a host that is an IP address ({@link #urlProblem}), and when Kith connects, to
 * every address a name resolves to ({@link #permits}), so a name that later resolves elsewhere (DNS rebinding)
 * gains nothing. Immutable and thread-safe.
 */
public final class OutboundTargets {
  /** A last label that is a number (decimal, octal or hex): browsers and C resolvers read such a host as IPv4. */
  private static final Pattern NUMERIC_LAST_LABEL =
      Pattern.compile("(?i)(?:.*\\.)?(?:0x[0-9a-f]*|[0-9]+)\\.?");

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private final List<AddressBlock> alsoPermitted;

  private OutboundTargets(List<AddressBlock> alsoPermitted) {
    this.alsoPermitted = List.copyOf(alsoPermitted);
  }

  /** Globally reachable addresses only: the production rule. */
  public static OutboundTargets globalOnly() {
    return new OutboundTargets(List.of());
  }

  /** Globally reachable addresses and the listed CIDR blocks ({@code 127.0.0.0/8}, {@code ::1/128}, ...). */
  public static OutboundTargets alsoPermitting(List<String> cidrs) {
    return new OutboundTargets(cidrs.stream().map(AddressBlock::parse).toList());
  }

  /** Whether Kith may connect to this address. */
  public boolean permits(InetAddress address) {
    return SpecialPurposeAddresses.isGloballyReachable(address)
        || alsoPermitted.stream().anyMatch(b -> b.contains(address));
  }

  /**
   * What is wrong with the host of an outbound URL, judged without DNS, or null: an IP address Kith may not
   * connect to ({@code 100.100.100.200}, {@code [fd00:ec2::254]}, {@code [::ffff:127.0.0.1]}), {@code localhost}
   * (loopback by RFC 6761), or an IPv4 address written any way but four decimal numbers ({@code 2130706433},
   * {@code 0177.0.0.1}, {@code 0x7f.1}), which resolvers read differently. A name is judged when Kith connects.
   */
  public @Nullable String urlProblem(String url) {
    String host;
    try {
      host = new URI(url).getHost();
    } catch (URISyntaxException e) {
      return "not a URL";
    }
    if (host == null || host.isEmpty()) {
      return "a URL with a host";
    }
    String h = host.toLowerCase(Locale.ROOT);
    InetAddress literal = AddressBlock.literal(h);
    if (literal == null
        && (h.equals("localhost") || h.endsWith(".localhost") || h.equals("localhost."))) {
      literal = LOOPBACK;
    }
    if (literal != null) {
      return permits(literal)
          ? null
          : "the host is an address Kith does not connect to (not globally reachable)";
    }
    if (h.indexOf(':') >= 0) {
      return "not an IP address";
    }
    if (NUMERIC_LAST_LABEL.matcher(h).matches()) {
      return "write an IPv4 host as four decimal numbers (a.b.c.d)";
    }
    return null;
  }
}
