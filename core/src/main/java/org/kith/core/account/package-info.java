/**
 * Accounts and tokens: sign-up with an emailed code, password and refresh grants with rotation and family
 * revocation, password reset and change, throttled logins and personal access tokens.
 */
@NullMarked
package org.kith.core.account;

import org.jspecify.annotations.NullMarked;
