package org.kith.delivery.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.util.Date;
import java.util.Properties;
import org.kith.core.account.Mailer;

/** Builds RFC 5322 messages with Jakarta Mail, shared by both delivery ways. */
final class MimeMessages {
  private MimeMessages() {}

  static MimeMessage build(Session session, String from, Mailer.Email email)
      throws MessagingException {
    MimeMessage message = new MimeMessage(session);
    message.setFrom(new InternetAddress(from));
    message.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(email.to(), true));
    message.setSubject(email.subject(), "UTF-8");
    message.setText(email.textBody(), "UTF-8");
    message.setSentDate(Date.from(Instant.now())); // Jakarta Mail's API takes a Date
    message.saveChanges();
    return message;
  }

  static Session offlineSession() {
    return Session.getInstance(new Properties());
  }
}
