package org.kith.core.account;

import java.util.ArrayList;
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
  /** A hardware-bound key (a passkey that cannot leave its authenticator). */
  public static final String HWK = "hwk";
  /** A software-bound key (a passkey that may be synced between devices: backup eligible). */
  public static final String SWK = "swk";
  /** The authenticator verified the user (PIN or biometric). */
  public static final String USER = "user";

  /** A password alone. */
  public static final List<String> PASSWORD = List.of(PWD);

  /** A password and a one-time code (TOTP or a recovery code). */
  public static final List<String> PASSWORD_AND_OTP = List.of(PWD, OTP, MFA);

  /** The {@code acr} of a password login. */
  public static final String ACR_PASSWORD = "urn:kith:acr:password";

  /** The {@code acr} of a login with a second factor. */
  public static final String ACR_MFA = "urn:kith:acr:mfa";

  /** The {@code acr} of a login with a user-verified passkey: two factors, and phishing-resistant. */
  public static final String ACR_PHISHING_RESISTANT = "urn:kith:acr:phr";

  private AuthenticationMethods() {}

  /** The {@code acr} of a login by these methods. */
  public static String acrOf(List<String> amr) {
    if (!amr.contains(MFA)) {
      return ACR_PASSWORD;
    }
    return amr.contains(HWK) || amr.contains(SWK) ? ACR_PHISHING_RESISTANT : ACR_MFA;
  }

  /**
   * The methods of a passkey login: {@code swk} for a key that may be synced (backup eligible), else {@code hwk};
   * with user verification also {@code user} and {@code mfa} (the key and the PIN or biometric that unlocked it).
   */
  public static List<String> passkey(boolean backupEligible, boolean userVerified) {
    String key = backupEligible ? SWK : HWK;
    return userVerified ? List.of(key, USER, MFA) : List.of(key);
  }

  /**
   * The methods of a password login completed by a second factor: {@code pwd}, the factor's own methods (for a
   * passkey {@code hwk} or {@code swk}, and {@code user} if verified) and {@code mfa}.
   */
  public static List<String> afterPassword(List<String> factor) {
    List<String> amr = new ArrayList<>();
    amr.add(PWD);
    factor.stream().filter(m -> !PWD.equals(m) && !MFA.equals(m)).forEach(amr::add);
    amr.add(MFA);
    return List.copyOf(amr);
  }
}
