package org.kith.core;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A request Kith refuses: bad input, missing rights, unknown things, limits. Carries a detail that is safe
 * to show to the caller (never secrets, never internals).
 */
public final class Rejected extends KithException {
  private final List<FieldError> errors;
  private final @Nullable Duration retryAfter;

  private Rejected(
      ProblemKind kind, String detail, List<FieldError> errors, @Nullable Duration retryAfter) {
    super(kind, detail, null);
    if (kind.status() >= 500) {
      throw new IllegalArgumentException("a rejection is a 4xx problem: " + kind);
    }
    this.errors = List.copyOf(errors);
    this.retryAfter = retryAfter;
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

  /** When a throttled caller may retry, if known. */
  public @Nullable Duration retryAfter() {
    return retryAfter;
  }
}
