/**
 * Kith as an OpenID Provider at the HTTP edge: discovery, the authorization, token, userinfo and revocation
 * endpoints (protocol messages parsed and written with the Nimbus OAuth 2.0 / OpenID Connect SDK), and the routes the
 * hosted consent page uses to answer a request.
 */
@NullMarked
package org.kith.api.oidc;

import org.jspecify.annotations.NullMarked;
