/** The /v1/org routes and /v1/links short links. */
@NullMarked
package org.kith.api.org;

import org.jspecify.annotations.NullMarked;
