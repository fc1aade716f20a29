/** The filesystem blob store: content-addressed, written durably before acknowledgement. */
@NullMarked
package org.kith.blobs;

import org.jspecify.annotations.NullMarked;
