/**
 * Signed verification records: signing (verifier role), checking (anyone), stored field verifications that
 * reveal nothing offline, and SD-JWT issue and presentation checks. Cryptography behind ports
 * ({@link org.kith.core.verification.RecordCrypto}, {@link org.kith.core.verification.SdJwts}).
 */
@NullMarked
package org.kith.core.verification;

import org.jspecify.annotations.NullMarked;
