/** The /v1/aa routes: access applications and consent instances. */
@NullMarked
package org.kith.api.consent;

import org.jspecify.annotations.NullMarked;
