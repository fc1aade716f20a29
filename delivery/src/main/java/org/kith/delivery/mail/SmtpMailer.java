package org.kith.delivery.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Properties;
import org.jspecify.annotations.Nullable;
import org.kith.core.Failed;
import org.kith.core.account.Mailer;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Sends email through an SMTP server with Jakarta Mail, off the event loop, with bounded connect and I/O times. */
public final class SmtpMailer implements Mailer {
  /**
   * Where and how to reach the server; without a username no authentication is attempted.
   *
   * @param startTls require STARTTLS before sending
   */
  public record Server(
      String host,
      int port,
      @Nullable String username,
      @Nullable String password,
      boolean startTls) {}

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration IO_TIMEOUT = Duration.ofSeconds(10);

  private final Server server;
  private final Session session;
  private final String from;

  public SmtpMailer(Server server, String from) {
    this.server = server;
    this.from = from;
    Properties props = new Properties();
    props.put("mail.smtp.host", server.host());
    props.put("mail.smtp.port", String.valueOf(server.port()));
    props.put("mail.smtp.auth", String.valueOf(server.username() != null));
    props.put("mail.smtp.starttls.enable", String.valueOf(server.startTls()));
    props.put("mail.smtp.starttls.required", String.valueOf(server.startTls()));
    props.put("mail.smtp.connectiontimeout", String.valueOf(CONNECT_TIMEOUT.toMillis()));
    props.put("mail.smtp.timeout", String.valueOf(IO_TIMEOUT.toMillis()));
    props.put("mail.smtp.writetimeout", String.valueOf(IO_TIMEOUT.toMillis()));
    this.session = Session.getInstance(props);
  }

  @Override
  public Mono<Void> send(Email email) {
    return Mono.fromCallable(() -> {
          MimeMessage message = MimeMessages.build(session, from, email);
          try (Transport transport = session.getTransport("smtp")) {
            transport.connect(server.host(), server.port(), server.username(), server.password());
            transport.sendMessage(message, message.getAllRecipients());
          }
          return message;
        })
        .subscribeOn(Schedulers.boundedElastic())
        .onErrorMap(MessagingException.class, e -> Failed.unavailable("email could not be sent", e))
        .then();
  }
}
