package org.kith.core.consent;

import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * Port: POSTs a JSON event to a receiver, signed as Standard Webhooks says with each of the application's webhook
 * secrets in use (the current one first), and tells the HTTP status. Without an answer it signals a {@link DeliveryFailure}:
 * refused when the URL leads to an address Kith does not connect to (judged after resolving, for every address
 * the name has), timed out, or failed.
 */
public interface WebhookSender {
  Mono<Integer> send(
      String url, String eventId, Map<String, Object> payload, java.util.List<String> secrets);
}
