package org.kith.delivery.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import org.kith.core.Failed;
import org.kith.core.Ids;
import org.kith.core.account.Mailer;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Writes each email as an RFC 5322 {@code .eml} file in a pickup directory (written to a temporary name
 * and renamed, so readers never see half a message). Used when no SMTP server is configured.
 */
public final class EmlFileMailer implements Mailer {
  private final Path directory;
  private final String from;
  private final Session session = MimeMessages.offlineSession();

  public EmlFileMailer(Path directory, String from) {
    this.directory = directory;
    this.from = from;
  }

  @Override
  public Mono<Void> send(Email email) {
    return Mono.fromCallable(() -> {
          MimeMessage message = MimeMessages.build(session, from, email);
          Files.createDirectories(directory);
          String name = Instant.now().toEpochMilli() + "-" + Ids.randomToken(6);
          Path tmp = directory.resolve("." + name + ".tmp");
          try (OutputStream out = Files.newOutputStream(tmp)) {
            message.writeTo(out);
          }
          Files.move(tmp, directory.resolve(name + ".eml"), StandardCopyOption.ATOMIC_MOVE);
          return name;
        })
        .subscribeOn(Schedulers.boundedElastic())
        .onErrorMap(
            e -> e instanceof IOException || e instanceof MessagingException,
            e -> Failed.unavailable("email could not be written", e))
        .then();
  }
}
