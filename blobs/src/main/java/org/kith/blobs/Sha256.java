package org.kith.blobs;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Pattern;

/** The one rule for a blob's name: the lower-case hex SHA-256 of its bytes. */
final class Sha256 {
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

  private Sha256() {}

  static byte[] of(byte[] content) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(content);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static boolean isName(String name) {
    return HEX.matcher(name).matches();
  }

  /** The name itself; refuses anything else, so a name never escapes the store's directory or prefix. */
  static String require(String name) {
    if (!isName(name)) {
      throw new IllegalArgumentException("not a SHA-256 hex digest");
    }
    return name;
  }
}
