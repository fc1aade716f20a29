package org.kith.core.audit;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Events of accounts and their credentials. Except {@link LoginFailed}, {@link PasswordResetRequested} and
 * {@link ApplicationLoginFailed}, each is on the account's own trail (subject = its {@code u_id}), or, for an
 * application's tokens, on the application's trail (subject = its {@code a_id}). None holds a password, token,
 * code or secret: tokens are named by their public id ({@code familyId} of a refresh-token family, {@code id} of
 * a personal access token).
 */
public sealed interface AccountEvent extends AuditDetails {
  /** Prefix of the subject of {@link LoginFailed} events: see {@link #loginFailureSubject}. */
  String LOGIN_FAILURE_PREFIX = "login:";
  /** Prefix of the subject of {@link PasswordResetRequested} events: see {@link #resetRequestSubject}. */
  String RESET_REQUEST_PREFIX = "reset:";
  /** Prefix of the subject of {@link ApplicationLoginFailed} events: see {@link #clientFailureSubject}. */
  String CLIENT_FAILURE_PREFIX = "client:";
  /** Prefix of the subject of {@link PasskeyLoginFailed} events of unknown credentials: {@link #passkeyFailureSubject}. */
  String PASSKEY_FAILURE_PREFIX = "passkey:";

  /**
   * The subject that failed logins for one username are chained on: the username's keyed hash (the platform's
   * secret hasher), never the name itself. It is the same subject, and the same single write, whether or not an
   * account has that name, so neither the trail nor the time taken tells whether it exists, and a copy of the
   * database holds no name anyone typed; someone holding the key can still find the trail of a given name.
   */
  static String loginFailureSubject(String usernameKeyedHash) {
    return LOGIN_FAILURE_PREFIX + usernameKeyedHash;
  }

  /**
   * The subject that accepted password reset requests for one username are chained on: its keyed hash, as
   * {@link #loginFailureSubject} (the same single write whether or not an account has that name).
   */
  static String resetRequestSubject(String usernameKeyedHash) {
    return RESET_REQUEST_PREFIX + usernameKeyedHash;
  }

  /**
   * The subject that failed {@code client_credentials} grants for one client id are chained on: its keyed hash,
   * the same single write whether the id is unknown or the secret wrong.
   */
  static String clientFailureSubject(String clientIdKeyedHash) {
    return CLIENT_FAILURE_PREFIX + clientIdKeyedHash;
  }

  /**
   * The subject that failed passkey logins with a credential id no account holds are chained on: the id's keyed
   * hash, as {@link #loginFailureSubject}.
   */
  static String passkeyFailureSubject(String credentialIdKeyedHash) {
    return PASSKEY_FAILURE_PREFIX + credentialIdKeyedHash;
  }

  /**
   * Tokens were issued by a grant ({@code password}, {@code mfa_otp}); {@code familyId} is the new session's refresh
   * family; {@code amr} how the person authenticated (RFC 8176), absent in events written before it was recorded.
   */
  record LoggedIn(
      String grantType, String familyId, @Nullable List<String> amr) implements AccountEvent {
    public LoggedIn(String grantType, String familyId) {
      this(grantType, familyId, null);
    }
  }

  /**
   * A login failed after the throttle let it through. {@code error} says only what the answer said:
   * {@code invalid_user_credentials} (unknown name or wrong password alike), {@code account_disabled} (the right
   * password of an account an admin disabled), {@code account_not_verified} or {@code password_reset_pending}; or,
   * on the account's own trail (the password was right), {@code invalid_otp} for a wrong second factor
   * ({@code grant_type} {@code mfa_otp}).
   */
  record LoginFailed(String grantType, String error) implements AccountEvent {}

  /** A refresh token of the family was used and rotated. */
  record TokenRefreshed(String familyId) implements AccountEvent {}

  /**
   * A session ended: {@code reason} is {@code logout} or {@code refresh_token_reuse} (a used refresh token was
   * presented again, so its whole family was revoked); {@code familyId} when it is known.
   */
  record TokenRevoked(@Nullable String familyId, String reason) implements AccountEvent {}

  /** The holder changed the password (other sessions end). */
  record PasswordChanged() implements AccountEvent {}

  /** The password was set with an emailed reset code (every session and personal access token ends). */
  record PasswordReset() implements AccountEvent {}

  /** {@code expiresAt} is ISO-8601 when the token expires. */
  record PersonalAccessTokenCreated(
      String id, String name, List<String> scopes, @Nullable String expiresAt)
      implements AccountEvent {}

  record PersonalAccessTokenDeleted(String id) implements AccountEvent {}

  /**
   * A password reset was accepted (the throttle let it through): password logins of the name's account, if there
   * is one, are blocked until the reset is confirmed or cancelled. Anonymous, on
   * {@link #resetRequestSubject}: it says nothing of whether the account exists.
   */
  record PasswordResetRequested() implements AccountEvent {}

  /** The owner cancelled a pending reset with the emailed "I did not ask for this" link; the password is as it was. */
  record PasswordResetCancelled() implements AccountEvent {}

  /** An application proved its key and secret and was issued an access token ({@code client_credentials}). */
  record ApplicationTokenIssued(String grantType) implements AccountEvent {}

  /**
   * A {@code client_credentials} grant was refused: {@code error} is {@code invalid_client} whether the client id
   * is unknown or the secret wrong. Anonymous, on {@link #clientFailureSubject}.
   */
  record ApplicationLoginFailed(String grantType, String error) implements AccountEvent {}

  /** Someone signed up: the account was created, unverified ({@code invited} if with an organisation's code). */
  record AccountCreated(boolean invited) implements AccountEvent {}

  /** The emailed sign-up code was confirmed: the account is verified. */
  record AccountVerified() implements AccountEvent {}

  /** The holder exported everything Kith holds about them. */
  record DataExported() implements AccountEvent {}

  /**
   * The holder erased the account: the tombstone that alone remains of its trail (who: the subject, when: the
   * date; no personal data). The trail starts again with this event, so its chain verifies.
   */
  record AccountErased() implements AccountEvent {}

  /** The person confirmed a TOTP authenticator: logins now ask for its codes; recovery codes were issued. */
  record TotpEnabled() implements AccountEvent {}

  /** The TOTP authenticator was removed ({@code by}: {@code password} or {@code otp}, what proved the request). */
  record TotpDisabled(String by) implements AccountEvent {}

  /** A single-use recovery code stood in for a TOTP code (in a login or to remove the authenticator). */
  record RecoveryCodeUsed() implements AccountEvent {}

  /**
   * A passkey (WebAuthn credential) was registered: {@code credentialId} is its public id (base64url), {@code
   * name} the holder's label for it.
   */
  record PasskeyRegistered(String credentialId, String name) implements AccountEvent {}

  /** The holder renamed a passkey. */
  record PasskeyRenamed(String credentialId, String name) implements AccountEvent {}

  /** The holder deleted a passkey: it can no longer log in. */
  record PasskeyDeleted(String credentialId) implements AccountEvent {}

  /**
   * A passkey login ({@code grant_type=webauthn}, alone or as second factor) failed after the throttle let it
   * through; anonymous, on the trail of the credential's holder when the credential is known, else on
   * {@link #passkeyFailureSubject}. {@code error}: {@code invalid_challenge}, {@code unknown_credential}, {@code
   * foreign_credential} (not the account's whose password was right), {@code user_handle_mismatch}, {@code
   * invalid_assertion} or {@code counter_regression} (a cloned authenticator).
   */
  record PasskeyLoginFailed(String credentialId, String error) implements AccountEvent {}

  /** The holder created a short link of their own ({@code POST /v1/links}); {@code linkId} is its id. */
  record ShortLinkCreated(String linkId) implements AccountEvent {}
}
