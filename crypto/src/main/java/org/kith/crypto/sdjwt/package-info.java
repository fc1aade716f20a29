/**
 * SD-JWT (RFC 9901) of verification records: {@link org.kith.crypto.sdjwt.SdJwtIssuer} issues one whose document
 * fields are selectively disclosable; {@link org.kith.crypto.sdjwt.SdJwtVerifier} checks a holder's presentation
 * (issuer signature against a JWK set, every disclosure referenced exactly once, optional key binding). Digests,
 * disclosures and decoding come from the {@code com.authlete:sd-jwt} library; signatures from nimbus.
 */
@NullMarked
package org.kith.crypto.sdjwt;

import org.jspecify.annotations.NullMarked;
