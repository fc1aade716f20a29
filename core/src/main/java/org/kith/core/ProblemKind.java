package org.kith.core;

/**
 * The stable kinds of failure Kith reports. Each maps to one HTTP status and one problem {@code type} URI
 * suffix, so clients can branch on the type rather than parse text.
 */
public enum ProblemKind {
  BAD_REQUEST(400, "bad-request", "Bad request"),
  VALIDATION(400, "validation", "Invalid input"),
  UNAUTHENTICATED(401, "unauthenticated", "Authentication required"),
  /**
   * RFC 9470: the caller is authenticated, but not recently or strongly enough for the operation; a new login
   * (password, with the second factor if the account has one) satisfies it.
   */
  INSUFFICIENT_USER_AUTHENTICATION(
      401, "insufficient-user-authentication", "Insufficient user authentication"),
  FORBIDDEN(403, "forbidden", "Forbidden"),
  /** The password was right but an administrator has disabled the account. */
  ACCOUNT_DISABLED(403, "account-disabled", "Account disabled"),
  /** The password was right; the account asks for its second factor too ({@code mfa_token} in the problem). */
  MFA_REQUIRED(403, "mfa-required", "Second factor required"),
  NOT_FOUND(404, "not-found", "Not found"),
  CONFLICT(409, "conflict", "Conflict"),
  PAYLOAD_TOO_LARGE(413, "payload-too-large", "Payload too large"),
  UNPROCESSABLE(422, "unprocessable", "Unprocessable content"),
  TOO_MANY_REQUESTS(429, "too-many-requests", "Too many requests"),
  INTERNAL(500, "internal", "Internal error"),
  /** The server is not configured for this operation (a third-party check without a provider). */
  NOT_IMPLEMENTED(501, "not-implemented", "Not implemented"),
  UNAVAILABLE(503, "unavailable", "Service unavailable");

  private final int status;
  private final String slug;
  private final String title;

  ProblemKind(int status, String slug, String title) {
    this.status = status;
    this.slug = slug;
    this.title = title;
  }

  /** HTTP status code. */
  public int status() {
    return status;
  }

  /** Last segment of the problem type URI. */
  public String slug() {
    return slug;
  }

  /** Short, fixed human title. */
  public String title() {
    return title;
  }
}
