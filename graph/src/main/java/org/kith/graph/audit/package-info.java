/** The hash-chained audit trail in the graph: per-subject chain heads locked inside the writing transaction. */
@NullMarked
package org.kith.graph.audit;

import org.jspecify.annotations.NullMarked;
