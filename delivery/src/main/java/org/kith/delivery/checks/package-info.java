/**
 * Adapters for third-party checks: each speaks one provider's wire format over HTTPS with Reactor Netty,
 * bounded in time and size, and reports failures as 503 without the provider's details.
 */
@NullMarked
package org.kith.delivery.checks;

import org.jspecify.annotations.NullMarked;
