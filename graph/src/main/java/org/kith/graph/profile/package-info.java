/** Profile objects, grants, groups, relationships and preferences in Neo4j, and the one-query permission check. */
@NullMarked
package org.kith.graph.profile;

import org.jspecify.annotations.NullMarked;
