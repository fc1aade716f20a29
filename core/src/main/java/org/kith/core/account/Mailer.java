package org.kith.core.account;

import reactor.core.publisher.Mono;

/** Port: delivers plain-text email. Completes once the message is accepted for delivery. */
public interface Mailer {
  /** One message. */
  record Email(String to, String subject, String textBody) {}

  Mono<Void> send(Email email);
}
