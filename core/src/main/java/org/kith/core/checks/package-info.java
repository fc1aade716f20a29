/**
 * Checks that third parties make (a code sent by SMS to a phone number, ...): the {@link
 * org.kith.core.checks.Verifier} ports, one adapter per provider, and the services that turn a passed check
 * into a signed verification record like Kith's own. A check whose provider is not configured answers 501,
 * naming the properties to set ({@link org.kith.core.checks.CheckKind}).
 */
@NullMarked
package org.kith.core.checks;

import org.jspecify.annotations.NullMarked;
