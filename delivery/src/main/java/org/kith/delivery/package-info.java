/** Outbound delivery adapters behind core's ports: email ({@code mail}) and webhooks ({@code webhook}). */
@NullMarked
package org.kith.delivery;

import org.jspecify.annotations.NullMarked;
