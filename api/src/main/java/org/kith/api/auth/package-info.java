/** The /v1/auth routes and the JWKS document. */
@NullMarked
package org.kith.api.auth;

import org.jspecify.annotations.NullMarked;
