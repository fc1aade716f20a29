/** What Kith publishes to everyone without a token: the {@code /v1/public/schemas} routes. */
@NullMarked
package org.kith.api.published;

import org.jspecify.annotations.NullMarked;
