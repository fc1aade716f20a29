package org.kith.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** With {@code kith.mail.smtp.*} set, codes travel by SMTP (to GreenMail, a real in-JVM SMTP server). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DisplayName("email over SMTP")
class SmtpMailIT {
  @RegisterExtension
  static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
      .withConfiguration(GreenMailConfiguration.aConfig().withUser("kith", "smtp-secret"))
      .withPerMethodLifecycle(false);

  @Autowired
  WebTestClient http;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) throws Exception {
    Path dir = Files.createTempDirectory("kith-smtp-");
    registry.add("kith.data-dir", dir::toString);
    registry.add("kith.mail.smtp.host", () -> "127.0.0.1");
    registry.add("kith.mail.smtp.port", () -> SMTP.getSmtp().getPort());
    registry.add("kith.mail.smtp.username", () -> "kith");
    registry.add("kith.mail.smtp.password", () -> "smtp-secret");
    registry.add("kith.mail.smtp.starttls", () -> "false");
    registry.add("kith.mail.from", () -> "accounts@kith.example");
  }

  @Test
  @DisplayName("sign-up sends the verification code by SMTP, and the code verifies the account")
  void signupOverSmtp() throws Exception {
    http.post()
        .uri("/v1/auth/signup")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("username", "smtp-user@example.org", "password", "correct horse battery"))
        .exchange()
        .expectStatus()
        .isCreated();
    assertThat(SMTP.waitForIncomingEmail(10_000, 1)).isTrue();
    MimeMessage message = SMTP.getReceivedMessages()[0];
    assertThat(message.getAllRecipients()[0].toString()).isEqualTo("smtp-user@example.org");
    assertThat(message.getFrom()[0].toString()).isEqualTo("accounts@kith.example");
    Matcher code = Pattern.compile("code is: (\\d{6})").matcher(GreenMailUtil.getBody(message));
    assertThat(code.find()).isTrue();
    http.post()
        .uri("/v1/auth/verify")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("username", "smtp-user@example.org", "verification_code", code.group(1)))
        .exchange()
        .expectStatus()
        .isOk();
  }
}
