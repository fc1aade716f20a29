package org.kith.delivery.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a webhook is signed, as the Standard Webhooks specification says: {@code webhook-signature} holds one
 * {@code v1,<base64 HMAC-SHA256(key, id + "." + timestamp + "." + body)>} per secret in use (the current one first,
 * and during a rotation the previous one too), space-separated. A secret {@code whsec_<base64>} (every application
 * made since Standard Webhooks) has the decoded bytes as its key, which is how the specification's libraries read it;
 * an older secret without that prefix is its own UTF-8 bytes. The older {@code Kith-Signature} header stays for
 * receivers written before: {@code v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>} with the current secret.
 */
public final class WebhookSignature {
  /** The prefix of a secret in the Standard Webhooks form. */
  public static final String PREFIX = "whsec_";

  private WebhookSignature() {}

  /** The {@code webhook-signature} header's value: one {@code v1,<base64>} per secret. */
  public static String standard(List<String> secrets, String id, String timestamp, byte[] body) {
    List<String> parts = new ArrayList<>();
    byte[] signed = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
    for (String secret : secrets) {
      parts.add("v1," + Base64.getEncoder().encodeToString(hmac(key(secret), signed, body)));
    }
    return String.join(" ", parts);
  }

  /** The older {@code Kith-Signature} value's hex part: HMAC-SHA256 of {@code timestamp + "." + body}. */
  public static String legacy(String secret, String timestamp, byte[] body) {
    return HexFormat.of()
        .formatHex(hmac(
            secret.getBytes(StandardCharsets.UTF_8),
            (timestamp + ".").getBytes(StandardCharsets.UTF_8),
            body));
  }

  /** The HMAC key of a secret: the decoded bytes of a {@code whsec_} secret, else the secret's UTF-8 bytes. */
  static byte[] key(String secret) {
    if (secret.startsWith(PREFIX)) {
      return Base64.getDecoder().decode(secret.substring(PREFIX.length()));
    }
    return secret.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] hmac(byte[] key, byte[] prefix, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update(prefix);
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 unavailable", e);
    }
  }
}
