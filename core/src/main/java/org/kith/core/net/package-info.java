/**
 * Outbound network targets: which addresses Kith may connect to on an application's behalf (webhooks). The IANA
 * special-purpose address registries, as data ({@link org.kith.core.net.SpecialPurposeAddresses}), and the one
 * policy that judges a host or an address against them ({@link org.kith.core.net.OutboundTargets}).
 */
@NullMarked
package org.kith.core.net;

import org.jspecify.annotations.NullMarked;
