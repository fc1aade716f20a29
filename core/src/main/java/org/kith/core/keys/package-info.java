/** The installation's own secret keys (signing keys, HMAC and sealing keys), kept sealed where every API node finds them. */
@NullMarked
package org.kith.core.keys;

import org.jspecify.annotations.NullMarked;
