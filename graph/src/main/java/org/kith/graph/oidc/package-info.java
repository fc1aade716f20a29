/** The OpenID Provider's pending requests, codes, grants and refresh tokens in the graph. */
@NullMarked
package org.kith.graph.oidc;

import org.jspecify.annotations.NullMarked;
