/** Organisation adapters. */
@NullMarked
package org.kith.graph.org;

import org.jspecify.annotations.NullMarked;
