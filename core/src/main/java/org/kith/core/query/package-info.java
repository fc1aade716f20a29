/**
 * Analysts' Cypher: a read-only query that sees exactly what its caller could read through the API. The
 * service bounds and audits each query; the {@link org.kith.core.query.AnalystQueries} port guards and runs it.
 */
@NullMarked
package org.kith.core.query;

import org.jspecify.annotations.NullMarked;
