/**
 * Consent: access applications (third parties with a key and a hashed secret) and instances — a data owner's
 * consent record that lets an application's administrators read exactly the shared profile objects, for as long
 * as the instance is active, moving only along the application's transitions.
 */
@NullMarked
package org.kith.core.consent;

import org.jspecify.annotations.NullMarked;
