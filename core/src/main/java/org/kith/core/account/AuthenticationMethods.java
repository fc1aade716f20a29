package org.kith.core.account;

import java.util.List;

/**
 * RFC 8176 authentication method references of a Kith login, and the {@code acr} they amount to. A session keeps
 * the methods of the login that started it, so its refreshed tokens (and the ID tokens of relying parties signed in
 * through it) say the same.
 */
public final class AuthenticationMethods {
  public static final String PWD = "pwd";
  public static final String OTP = "otp";
  public static final String MFA = "mfa";

  /** A password alone. */
  public static final List<String> PASSWORD = List.of(PWD);

  /** A password and a one-time code (TOTP or a recovery code). */
  public static final List<String> PASSWORD_AND_OTP = List.of(PWD, OTP, MFA);

  /** The {@code acr} of a password login. */
  public static final String ACR_PASSWORD = "urn:kith:acr:password";

  /** The {@code acr} of a login with a second factor. */
  public static final String ACR_MFA = "urn:kith:acr:mfa";

  private AuthenticationMethods() {}

  /** The {@code acr} of a login by these methods. */
  public static String acrOf(List<String> amr) {
    return amr.contains(MFA) ? ACR_MFA : ACR_PASSWORD;
  }
}
