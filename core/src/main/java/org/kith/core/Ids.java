package org.kith.core;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

/** Unguessable identifiers and secrets. Thread-safe. */
public final class Ids {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  private Ids() {}

  /** A random (version 4) UUID, used for entity ids. */
  public static String uuid() {
    return UUID.randomUUID().toString();
  }

  /**
   * A random id that embeds the id of the object it hangs on ({@code <parent>.<uuid>}), so a grant or
   * relationship can be found through the indexed object instead of a scan of all relationships.
   */
  public static String childId(String parentId) {
    return parentId + "." + uuid();
  }

  /** The parent part of a {@link #childId}, if the id has that shape. */
  public static java.util.Optional<String> parentOf(String childId) {
    int dot = childId.indexOf('.');
    return dot > 0 ? java.util.Optional.of(childId.substring(0, dot)) : java.util.Optional.empty();
  }

  /** {@code bytes} random bytes, base64url without padding. */
  public static String randomToken(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return B64URL.encodeToString(b);
  }

  /** A 256-bit random secret. */
  public static String secret256() {
    return randomToken(32);
  }

  /**
   * A 256-bit webhook signing secret in the Standard Webhooks form: {@code whsec_} and the bytes in base64 (with
   * padding), which the specification's libraries decode into their HMAC key.
   */
  public static String webhookSecret() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return "whsec_" + java.util.Base64.getEncoder().encodeToString(b);
  }

  /** A uniformly random decimal code of the given length, e.g. 6 digits for email verification. */
  public static String digits(int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append((char) ('0' + RANDOM.nextInt(10)));
    }
    return sb.toString();
  }
}
