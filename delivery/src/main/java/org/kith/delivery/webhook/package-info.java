/**
 * Webhook delivery: Standard Webhooks signed POSTs through Reactor Netty, to addresses the outbound filter allows
 * (checked on the resolved address, at connect time).
 */
@NullMarked
package org.kith.delivery.webhook;

import org.jspecify.annotations.NullMarked;
