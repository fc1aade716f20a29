/** Exact JSON round-trips of user data (numbers kept as written) and RFC 8785 canonical JSON for hashing. */
@NullMarked
package org.kith.graph.json;

import org.jspecify.annotations.NullMarked;
