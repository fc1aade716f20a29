/** Kith's domain: values, ports and use cases, free of frameworks. */
@NullMarked
package org.kith.core;

import org.jspecify.annotations.NullMarked;
