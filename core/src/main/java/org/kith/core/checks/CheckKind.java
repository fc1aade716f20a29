package org.kith.core.checks;

import org.kith.core.ProblemKind;
import org.kith.core.Rejected;

/**
 * The third-party checks Kith can be configured to make, each with the properties that configure its provider.
 * The one place that says what to set when a check is asked for and no provider is configured.
 */
public enum CheckKind {
  /** A code sent by SMS to a phone number (Twilio Verify's wire format). */
  SMS(
      "sms",
      "kith.checks.sms.service-sid, kith.checks.sms.username and kith.checks.sms.password"
          + " (a Twilio Verify service and an API key or account SID and auth token;"
          + " kith.checks.sms.base-url for another provider speaking the same format)"),
  /** A business number looked up in the business register (the NZBN API's v5 wire format). */
  BUSINESS(
      "business",
      "kith.checks.business.subscription-key (an NZBN API v5 subscription key;"
          + " kith.checks.business.base-url for the sandbox or another register speaking the same format)");

  private final String wireName;
  private final String properties;

  CheckKind(String wireName, String properties) {
    this.wireName = wireName;
    this.properties = properties;
  }

  /** The check's name in problems and records. */
  public String wireName() {
    return wireName;
  }

  /** 501: this check has no provider configured here, and which properties would configure one. */
  public Rejected notConfigured() {
    return Rejected.of(
        ProblemKind.NOT_IMPLEMENTED,
        "no provider is configured for the " + wireName + " check on this server: set "
            + properties);
  }
}
