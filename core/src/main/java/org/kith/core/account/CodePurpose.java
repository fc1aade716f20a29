package org.kith.core.account;

/** What an emailed verification code proves. */
public enum CodePurpose {
  SIGNUP,
  PASSWORD_RESET
}
