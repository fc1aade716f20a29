/**
 * Connection to Neo4j: an embedded 5.26 Community database (Bolt on loopback) by default, or an external
 * server or cluster, always used through the ordinary driver; idempotent migrations; the {@link
 * org.kith.graph.neo4j.Cypher} helper that translates driver failures once.
 */
@NullMarked
package org.kith.graph.neo4j;

import org.jspecify.annotations.NullMarked;
