/** The installation's key material: signing keys and secret keys, sealed in the key vault; owner-only key files. */
@NullMarked
package org.kith.crypto.keys;

import org.jspecify.annotations.NullMarked;
