/** Cross-cutting HTTP concerns: bearer authentication, RFC 9457 problems, JSON rules. */
@NullMarked
package org.kith.api.web;

import org.jspecify.annotations.NullMarked;
