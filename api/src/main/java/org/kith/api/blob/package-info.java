/** The filesystem blob store: content-addressed, written durably before acknowledgement. */
@NullMarked
package org.kith.api.blob;

import org.jspecify.annotations.NullMarked;
