/** The person's data: export of everything held about them, and erasure of their account. */
@NullMarked
package org.kith.core.privacy;

import org.jspecify.annotations.NullMarked;
