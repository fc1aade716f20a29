package org.kith.core.query;

/**
 * A query result held an entity the caller may not see: the guard has a bug. The request fails (500), the
 * result is discarded, and the event is logged and audited. Its message never holds data from the result.
 */
public final class GuardDefect extends RuntimeException {
  public GuardDefect(String message) {
    super(message, null, false, true);
  }
}
