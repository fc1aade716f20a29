/**
 * Signed verification records: a compact JWS with detached payload (RFC 7515 appendix F) over the RFC 8785
 * canonical JSON of the record's data. {@link org.kith.crypto.record.Es256RecordSigner} signs with Kith's current
 * key; {@link org.kith.crypto.record.RecordVerifier} verifies against any JWK set (Kith's live keys, a
 * {@code jwks.json} file or URL), so a relying party can use this package without the rest of Kith.
 */
@NullMarked
package org.kith.crypto.record;

import org.jspecify.annotations.NullMarked;
