package org.kith.core;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A request Kith refuses: bad input, missing rights, unknown things, limits (4xx), or an operation this server is
 * not configured for (501, {@link ProblemKind#NOT_IMPLEMENTED}). Carries a detail that is safe to show to the
 * caller (never secrets, never internals).
 */
public final class Rejected extends KithException {
  private final List<FieldError> errors;
  private final @Nullable Duration retryAfter;
  private final Map<String, Object> extensions;
  private final @Nullable StepUp stepUp;

  /**
   * What an {@link ProblemKind#INSUFFICIENT_USER_AUTHENTICATION} rejection asks for (RFC 9470): a login no older
   * than {@code maxAge}, or ({@code acrValues}, space-separated, if any) one of these authentication levels.
   */
  public record StepUp(Duration maxAge, @Nullable String acrValues) {}

  private Rejected(
      ProblemKind kind, String detail, List<FieldError> errors, @Nullable Duration retryAfter) {
    this(kind, detail, errors, retryAfter, Map.of());
  }

  private Rejected(
      ProblemKind kind,
      String detail,
      List<FieldError> errors,
      @Nullable Duration retryAfter,
      Map<String, Object> extensions) {
    this(kind, detail, errors, retryAfter, extensions, null);
  }

  private Rejected(
      ProblemKind kind,
      String detail,
      List<FieldError> errors,
      @Nullable Duration retryAfter,
      Map<String, Object> extensions,
      @Nullable StepUp stepUp) {
    super(kind, detail, null);
    this.stepUp = stepUp;
    if (kind.status() >= 500 && kind != ProblemKind.NOT_IMPLEMENTED) {
      throw new IllegalArgumentException("a rejection is a 4xx or 501 problem: " + kind);
    }
    this.errors = List.copyOf(errors);
    this.retryAfter = retryAfter;
    this.extensions = Map.copyOf(extensions);
  }

  /**
   * 403 {@code mfa-required}: the password was right and the login goes on with the second factor; the problem
   * carries the {@code mfa_token} that the next grant presents.
   */
  public static Rejected mfaRequired(String detail, String mfaToken) {
    return new Rejected(
        ProblemKind.MFA_REQUIRED, detail, List.of(), null, Map.of("mfa_token", mfaToken));
  }

  /**
   * 401 {@code insufficient-user-authentication} (RFC 9470): the operation needs a more recent or stronger login.
   */
  public static Rejected insufficientUserAuthentication(
      String detail, Duration maxAge, @Nullable String acrValues) {
    return new Rejected(
        ProblemKind.INSUFFICIENT_USER_AUTHENTICATION,
        detail,
        List.of(),
        null,
        Map.of(),
        new StepUp(maxAge, acrValues));
  }

  /** What a step-up rejection asks for; null for any other. */
  public @Nullable StepUp stepUp() {
    return stepUp;
  }

  /** A rejection of the given kind. */
  public static Rejected of(ProblemKind kind, String detail) {
    return new Rejected(kind, detail, List.of(), null);
  }

  /** 400 with one entry per invalid field. */
  public static Rejected invalid(String detail, List<FieldError> errors) {
    return new Rejected(ProblemKind.VALIDATION, detail, errors, null);
  }

  /** 400 for one invalid field. */
  public static Rejected invalid(String path, String message) {
    return invalid(message, List.of(new FieldError(path, message)));
  }

  /**
   * 400 on {@code path} for a wrong emailed code; the problem carries {@code tries_remaining}, how many more
   * answers the pending code takes (0: it was replaced by a new emailed one).
   */
  public static Rejected wrongCode(String path, String message, int triesRemaining) {
    return new Rejected(
        ProblemKind.VALIDATION,
        message,
        List.of(new FieldError(path, message)),
        null,
        Map.of("tries_remaining", triesRemaining));
  }

  /** 429 telling the caller when to come back. */
  public static Rejected tooManyRequests(String detail, Duration retryAfter) {
    return new Rejected(ProblemKind.TOO_MANY_REQUESTS, detail, List.of(), retryAfter);
  }

  public static Rejected notFound(String detail) {
    return of(ProblemKind.NOT_FOUND, detail);
  }

  public static Rejected forbidden(String detail) {
    return of(ProblemKind.FORBIDDEN, detail);
  }

  public static Rejected unauthenticated(String detail) {
    return of(ProblemKind.UNAUTHENTICATED, detail);
  }

  public static Rejected conflict(String detail) {
    return of(ProblemKind.CONFLICT, detail);
  }

  /** Field errors, empty unless this is a validation problem. */
  public List<FieldError> errors() {
    return errors;
  }

  /** Extension members of the problem (RFC 9457 §3.2), empty for most rejections. */
  public Map<String, Object> extensions() {
    return extensions;
  }

  /** When a throttled caller may retry, if known. */
  public @Nullable Duration retryAfter() {
    return retryAfter;
  }
}
