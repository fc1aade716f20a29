package org.kith.core.audit;

import org.jspecify.annotations.Nullable;

/** Events on an analyst's own trail. */
public sealed interface QueryEvent extends AuditDetails {
  /**
   * One analyst query, refused ones too: the start of its text and the whole text's SHA-256, the outcome
   * ({@code ok}, {@code rejected}, {@code failed} or {@code guard_defect}) and, when refused, why.
   */
  record Ran(
      String query,
      String querySha256,
      String outcome,
      int rows,
      long durationMs,
      @Nullable String reason)
      implements QueryEvent {}
}
