/** Spring wiring of core services and their adapters, and Kith's settings. */
@NullMarked
package org.kith.api.config;

import org.jspecify.annotations.NullMarked;
