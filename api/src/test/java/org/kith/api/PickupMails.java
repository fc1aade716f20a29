package org.kith.api;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The emails Kith wrote as {@code .eml} files to {@code <data-dir>/mail} (no SMTP server configured), read as a
 * person reads their inbox: the messages to one address, the code in the newest.
 */
public final class PickupMails {
  private static final Pattern CODE = Pattern.compile("code is: (\\d{6})");

  private PickupMails() {}

  /** The emails sent to {@code to}, oldest first. */
  public static List<MimeMessage> mailsTo(Path dataDir, String to) {
    Path dir = dataDir.resolve("mail");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".eml"))
          .sorted(Comparator.comparing(p -> p.getFileName().toString()))
          .map(PickupMails::read)
          .filter(m -> recipient(m).equalsIgnoreCase(to))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until at least {@code count} emails reached {@code to}, then returns the newest one's code. */
  public static String latestCode(Path dataDir, String to, int count) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
    while (true) {
      List<MimeMessage> mails = mailsTo(dataDir, to);
      if (mails.size() >= count) {
        return codeIn(mails.get(mails.size() - 1));
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(
            "expected " + count + " emails to " + to + ", found " + mails.size());
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  public static String textOf(MimeMessage message) {
    try {
      return String.valueOf(message.getContent());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static String codeIn(MimeMessage message) {
    Matcher m = CODE.matcher(textOf(message));
    assertThat(m.find()).as("a 6-digit code in the email body").isTrue();
    return m.group(1);
  }

  private static MimeMessage read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return new MimeMessage(Session.getInstance(new Properties()), in);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static String recipient(MimeMessage m) {
    try {
      return m.getAllRecipients()[0].toString();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
