/** Kith's identity and access tokens: ES256-signed JWTs with a {@code kid}, verified strictly. */
@NullMarked
package org.kith.crypto.token;

import org.jspecify.annotations.NullMarked;
