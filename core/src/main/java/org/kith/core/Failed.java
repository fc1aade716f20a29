package org.kith.core;

/**
 * Something on Kith's side went wrong (database down, disk full). Its detail is for logs; the caller sees
 * only the problem kind's title.
 */
public final class Failed extends KithException {
  private Failed(ProblemKind kind, String detail, Throwable cause) {
    super(kind, detail, cause);
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
