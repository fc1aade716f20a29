package org.kith.core;

import org.jspecify.annotations.Nullable;

/**
 * Root of Kith's domain exceptions. {@link Rejected} is the caller's fault (4xx), {@link Failed} is ours
 * (5xx). The {@code api} module turns both into RFC 9457 problems in exactly one place.
 */
public abstract sealed class KithException extends RuntimeException permits Rejected, Failed {
  private final ProblemKind kind;

  KithException(ProblemKind kind, String detail, @Nullable Throwable cause) {
    super(detail, cause, false, cause != null);
    this.kind = kind;
  }

  /** What kind of problem this is. */
  public ProblemKind kind() {
    return kind;
  }
}
