/** {@code POST /v1/db/query}: analysts' read-only, permission-filtered Cypher. */
@NullMarked
package org.kith.api.query;

import org.jspecify.annotations.NullMarked;
