/** Second factors: RFC 6238 TOTP codes (java-otp) and the sealing of their keys at rest (AES-256-GCM). */
@NullMarked
package org.kith.crypto.otp;

import org.jspecify.annotations.NullMarked;
