/** Password hashing with Argon2id (RFC 9106) and keyed hashing of server-issued secrets. */
@NullMarked
package org.kith.crypto.password;

import org.jspecify.annotations.NullMarked;
