/**
 * Kith's cryptography, built on nimbus-jose-jwt and BouncyCastle, with no Spring dependency so relying
 * parties can use it as a library.
 */
@NullMarked
package org.kith.crypto;

import org.jspecify.annotations.NullMarked;
