/** Keyset paging of the list routes: limit, cursor, and the next page's link. */
@NullMarked
package org.kith.api.paging;

import org.jspecify.annotations.NullMarked;
