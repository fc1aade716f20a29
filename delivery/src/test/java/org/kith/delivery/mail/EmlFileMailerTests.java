package org.kith.delivery.mail;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.core.account.Mailer;
import reactor.test.StepVerifier;

@DisplayName(".eml pickup directory")
class EmlFileMailerTests {
  @Test
  @DisplayName("each email becomes one complete RFC 5322 file, and no temporary file is left")
  void writesEml(@TempDir Path dir) throws Exception {
    EmlFileMailer mailer = new EmlFileMailer(dir.resolve("mail"), "no-reply@kith.local");
    mailer
        .send(new Mailer.Email("ana@example.org", "Grüße", "Your code is: 123456\n"))
        .as(StepVerifier::create)
        .verifyComplete();
    List<Path> files;
    try (var listing = Files.list(dir.resolve("mail"))) {
      files = listing.toList();
    }
    assertThat(files).hasSize(1).allSatisfy(f -> assertThat(f.toString()).endsWith(".eml"));
    try (InputStream in = Files.newInputStream(files.get(0))) {
      MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), in);
      assertThat(m.getSubject()).isEqualTo("Grüße");
      assertThat(m.getAllRecipients()[0].toString()).isEqualTo("ana@example.org");
      assertThat((String) m.getContent()).contains("Your code is: 123456");
    }
    mailer
        .send(new Mailer.Email("not an address", "s", "b"))
        .as(StepVerifier::create)
        .verifyError(org.kith.core.Failed.class);
  }
}
