package org.kith.core.account;

/** What an emailed verification code proves. */
public enum CodePurpose {
  SIGNUP,
  PASSWORD_RESET,
  /** The "I did not ask for this" link of a password reset email: it cancels the reset. */
  PASSWORD_RESET_CANCEL
}
