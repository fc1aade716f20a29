package org.kith.core.consent;

import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * Port: POSTs a JSON event to a receiver, signed with the application's webhook secret (HMAC-SHA256 over
 * timestamp + "." + body), and tells the HTTP status (errors for no answer).
 */
public interface WebhookSender {
  Mono<Integer> send(String url, String eventId, Map<String, Object> payload, String secret);
}
