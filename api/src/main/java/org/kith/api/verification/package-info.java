/** {@code /v1/verify}: signing, checking, field verification, SD-JWT and signing-key administration. */
@NullMarked
package org.kith.api.verification;

import org.jspecify.annotations.NullMarked;
