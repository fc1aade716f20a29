/** Neo4j adapters of Kith's core ports. */
@NullMarked
package org.kith.graph;

import org.jspecify.annotations.NullMarked;
