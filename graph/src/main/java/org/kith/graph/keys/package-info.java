/** The key vault in the graph. */
@NullMarked
package org.kith.graph.keys;

import org.jspecify.annotations.NullMarked;
