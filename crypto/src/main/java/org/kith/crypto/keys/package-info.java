/** Key material kept in the data directory with owner-only permissions: signing keys and secret keys. */
@NullMarked
package org.kith.crypto.keys;

import org.jspecify.annotations.NullMarked;
