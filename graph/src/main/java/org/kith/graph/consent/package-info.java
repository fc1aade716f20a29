/** Consent adapters: access applications and instances in the graph. */
@NullMarked
package org.kith.graph.consent;

import org.jspecify.annotations.NullMarked;
