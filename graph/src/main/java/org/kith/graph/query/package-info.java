/**
 * The analyst Cypher endpoint's adapter: parse, check and rewrite a query so it reads only what the caller
 * may see, check its plan, run it read-only with bounds, and check every returned entity again.
 */
@NullMarked
package org.kith.graph.query;

import org.jspecify.annotations.NullMarked;
