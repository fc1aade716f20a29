/**
 * Kith as an OpenID Provider: relying parties are access applications, and the person's consent is a Kith consent
 * instance. This package holds the protocol-independent rules (what a token issued to a relying party says, whose
 * subject it names); the HTTP protocol objects live at the edge.
 */
@NullMarked
package org.kith.core.oidc;

import org.jspecify.annotations.NullMarked;
