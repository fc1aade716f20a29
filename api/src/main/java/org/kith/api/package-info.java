/** Kith's HTTP application (Spring Boot WebFlux): wiring, routes, authentication and problem+json. */
@NullMarked
package org.kith.api;

import org.jspecify.annotations.NullMarked;
