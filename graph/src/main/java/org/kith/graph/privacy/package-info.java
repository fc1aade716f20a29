/** Neo4j side of the person's data: erasure of an account. */
@NullMarked
package org.kith.graph.privacy;

import org.jspecify.annotations.NullMarked;
