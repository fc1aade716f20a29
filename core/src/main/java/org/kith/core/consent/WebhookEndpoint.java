package org.kith.core.consent;

import java.time.Instant;
import java.util.List;

/**
 * Where an application receives the events of its instances ({@link ApplicationEvents}) and which types it takes.
 *
 * @param events the event types it subscribes to, a subset of {@link ApplicationEvents#TYPES}
 * @param secretRotatedAt when its signing secret was last replaced, if ever
 */
public record WebhookEndpoint(
    String url,
    List<String> events,
    Instant updatedAt,
    @org.jspecify.annotations.Nullable Instant secretRotatedAt) {
  public WebhookEndpoint {
    events = List.copyOf(events);
  }
}
