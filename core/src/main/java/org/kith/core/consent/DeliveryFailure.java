package org.kith.core.consent;

import org.jspecify.annotations.Nullable;

/**
 * Why a delivery failed, as the application may see it (a dead letter's {@code last_error}): {@code refused}
 * (Kith would not connect to where the URL leads), {@code timed out}, {@code HTTP <status>} or {@code failed}.
 * Never the underlying exception's text: "Connection refused: /10.0.0.1:8080" would let an application scan
 * ports through Kith. Adapters translate their errors to this once, at their edge; the cause, kept for logs,
 * is never shown.
 */
public final class DeliveryFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String reason;

  private DeliveryFailure(String reason, @Nullable Throwable cause) {
    super(reason, cause, false, false);
    this.reason = reason;
  }

  /** Kith refused the target: its address is not one Kith connects to. Nothing was sent. */
  public static DeliveryFailure refused() {
    return new DeliveryFailure("refused", null);
  }

  /** No connection or no answer in time. */
  public static DeliveryFailure timedOut(Throwable cause) {
    return new DeliveryFailure("timed out", cause);
  }

  /** The receiver answered with a status other than 2xx. */
  public static DeliveryFailure status(int status) {
    return new DeliveryFailure("HTTP " + status, null);
  }

  /** Anything else (no such host, connection refused or reset, TLS, the application gone, the mail server). */
  public static DeliveryFailure failed(@Nullable Throwable cause) {
    return new DeliveryFailure("failed", cause);
  }

  /** What an application is told: one of the four reasons above. */
  public String reason() {
    return reason;
  }

  /** The reason a failure of any kind is shown as. */
  static String reasonOf(Throwable error) {
    return error instanceof DeliveryFailure f ? f.reason : "failed";
  }
}
