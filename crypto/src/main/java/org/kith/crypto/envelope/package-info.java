/**
 * The WebCrypto envelope Kith's clients use to share data with an access application without the server
 * being able to read it: data encrypted with a fresh AES-256-GCM key, that key wrapped with RSA-OAEP (SHA-512,
 * MGF1 SHA-512) under the application's public key, everything base64url. {@link org.kith.crypto.envelope.EnvelopeCipher}
 * seals and opens envelopes for Java clients; {@link org.kith.crypto.envelope.WebCryptoKeyMaterial} validates what
 * clients upload (public keys, wrapped keys) without ever holding a private key.
 */
@NullMarked
package org.kith.crypto.envelope;

import org.jspecify.annotations.NullMarked;
