package org.kith.core.audit;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Events of accounts and their credentials. Except {@link LoginFailed}, each is on the account's own trail
 * (subject = its {@code u_id}). None holds a password, token, code or secret: tokens are named by their public
 * id ({@code familyId} of a refresh-token family, {@code id} of a personal access token).
 */
public sealed interface AccountEvent extends AuditDetails {
  /** Prefix of the subject of {@link LoginFailed} events: see {@link #loginFailureSubject}. */
  String LOGIN_FAILURE_PREFIX = "login:";

  /**
   * The subject that failed logins for one username are chained on: the username's keyed hash (the platform's
   * secret hasher), never the name itself. It is the same subject, and the same single write, whether or not an
   * account has that name, so neither the trail nor the time taken tells whether it exists, and a copy of the
   * database holds no name anyone typed; someone holding the key can still find the trail of a given name.
   */
  static String loginFailureSubject(String usernameKeyedHash) {
    return LOGIN_FAILURE_PREFIX + usernameKeyedHash;
  }

  /** Tokens were issued by a grant ({@code password}); {@code familyId} is the new session's refresh family. */
  record LoggedIn(String grantType, String familyId) implements AccountEvent {}

  /**
   * A login failed after the throttle let it through. {@code error} says only what the answer said:
   * {@code invalid_user_credentials} (unknown name, wrong password or disabled account alike),
   * {@code account_not_verified} or {@code password_reset_pending}.
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
  record PersonalAccessTokenCreated(String id, String name, List<String> scopes, @Nullable String expiresAt)
      implements AccountEvent {}

  record PersonalAccessTokenDeleted(String id) implements AccountEvent {}
}
