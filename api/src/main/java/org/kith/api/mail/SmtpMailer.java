package org.kith.api.mail;

import jakarta.mail.MessagingException;
import org.kith.core.Failed;
import org.kith.core.account.Mailer;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Sends email through an SMTP server (Jakarta Mail through Spring's sender), off the event loop. */
public final class SmtpMailer implements Mailer {
  private final JavaMailSenderImpl sender;
  private final String from;

  public SmtpMailer(JavaMailSenderImpl sender, String from) {
    this.sender = sender;
    this.from = from;
  }

  @Override
  public Mono<Void> send(Email email) {
    return Mono.fromRunnable(() -> {
      try {
        sender.send(MimeMessages.build(sender.getSession(), from, email));
      } catch (MessagingException e) {
        throw new IllegalArgumentException("cannot build the message", e);
      }
    }).subscribeOn(Schedulers.boundedElastic())
        .onErrorMap(e -> e instanceof MailException || e instanceof IllegalArgumentException,
            e -> Failed.unavailable("email could not be sent", e))
        .then();
  }
}
