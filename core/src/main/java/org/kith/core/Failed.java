package org.kith.core;

/**
 * Something on Kith's side went wrong (database down, disk full). Its detail is for logs; the caller sees
 * only the problem kind's title.
 */
public final class Failed extends KithException {
  private final java.time.@org.jspecify.annotations.Nullable Duration retryAfter;

  private Failed(
      ProblemKind kind,
      String detail,
      @org.jspecify.annotations.Nullable Throwable cause,
      java.time.@org.jspecify.annotations.Nullable Duration retryAfter) {
    super(kind, detail, cause);
    this.retryAfter = retryAfter;
  }

  private Failed(ProblemKind kind, String detail, Throwable cause) {
    this(kind, detail, cause, null);
  }

  /**
   * 503 when a bounded resource is full or missing (load shedding): the detail is written for the caller and
   * shown, with {@code Retry-After}.
   */
  public static Failed busy(String detail, java.time.Duration retryAfter) {
    return new Failed(ProblemKind.UNAVAILABLE, detail, null, retryAfter);
  }

  /** When to come back, for {@link #busy} failures (null otherwise). */
  public java.time.@org.jspecify.annotations.Nullable Duration retryAfter() {
    return retryAfter;
  }

  /** 503: a dependency is unavailable; retrying later may succeed. */
  public static Failed unavailable(String detail, Throwable cause) {
    return new Failed(ProblemKind.UNAVAILABLE, detail, cause);
  }

  /** 500: an unexpected internal failure. */
  public static Failed internal(String detail, Throwable cause) {
    return new Failed(ProblemKind.INTERNAL, detail, cause);
  }
}
