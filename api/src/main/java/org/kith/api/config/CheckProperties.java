package org.kith.api.config;

import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code kith.checks.*}: the providers of third-party checks. A check whose provider is not configured answers
 * 501 naming these properties ({@link org.kith.core.checks.CheckKind}).
 *
 * @param sms phone verification by SMS, in Twilio Verify's wire format
 * @param business business-number lookups, in the NZBN API's v5 wire format
 */
@ConfigurationProperties("kith.checks")
public record CheckProperties(
    @DefaultValue Sms sms, @DefaultValue Business business) {
  /**
   * @param baseUrl the register's API base (production NZBN v5 by default; the sandbox is {@code
   *     https://api.business.govt.nz/sandbox/nzbn/v5})
   * @param subscriptionKey the API subscription key (keep it in the environment: {@code
   *     KITH_CHECKS_BUSINESS_SUBSCRIPTION_KEY})
   * @param timeout the most one call to the register may take
   */
  public record Business(
      @DefaultValue("https://api.business.govt.nz/gateway/nzbn/v5")
      URI baseUrl,

      @Nullable String subscriptionKey,
      @DefaultValue("10s") Duration timeout) {
    /** Whether a register is configured: the subscription key is set. */
    public boolean configured() {
      return subscriptionKey != null && !subscriptionKey.isBlank();
    }

    @Override
    public String toString() {
      return "Business[baseUrl=" + baseUrl + ", timeout=" + timeout + "]";
    }
  }

  /**
   * @param baseUrl the provider's base URL (Twilio's by default)
   * @param serviceSid the Verify service SID ({@code VA...})
   * @param username an API key SID or the account SID
   * @param password the API key's secret or the account's auth token (keep it in the environment: {@code
   *     KITH_CHECKS_SMS_PASSWORD})
   * @param timeout the most one call to the provider may take
   */
  public record Sms(
      @DefaultValue("https://verify.twilio.com") URI baseUrl,
      @Nullable String serviceSid,
      @Nullable String username,
      @Nullable String password,
      @DefaultValue("10s") Duration timeout) {
    /** Whether a provider is configured: the service and both credentials are set. */
    public boolean configured() {
      return present(serviceSid) && present(username) && present(password);
    }

    private static boolean present(@Nullable String s) {
      return s != null && !s.isBlank();
    }

    @Override
    public String toString() {
      return "Sms[baseUrl=" + baseUrl + ", serviceSid=" + serviceSid + ", timeout=" + timeout + "]";
    }
  }
}
