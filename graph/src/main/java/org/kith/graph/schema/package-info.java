/** Schema versions in Neo4j. */
@NullMarked
package org.kith.graph.schema;

import org.jspecify.annotations.NullMarked;
