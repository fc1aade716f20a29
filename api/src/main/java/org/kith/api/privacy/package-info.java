/** The person's data: {@code /v1/auth/me/export} and {@code DELETE /v1/auth/me}. */
@NullMarked
package org.kith.api.privacy;

import org.jspecify.annotations.NullMarked;
