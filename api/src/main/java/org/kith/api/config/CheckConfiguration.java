package org.kith.api.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.kith.core.account.LoginThrottle;
import org.kith.core.audit.AuditTrail;
import org.kith.core.checks.BusinessChecks;
import org.kith.core.checks.BusinessRegistry;
import org.kith.core.checks.PhoneChecks;
import org.kith.core.checks.PhoneVerifier;
import org.kith.core.verification.RecordCrypto;
import org.kith.core.verification.VerificationService;
import org.kith.delivery.checks.NzbnRegister;
import org.kith.delivery.checks.TwilioVerify;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Third-party checks: each provider's adapter when its properties are set ({@link CheckProperties}). */
@Configuration(proxyBeanMethods = false)
class CheckConfiguration {
  @Bean
  PhoneChecks phoneChecks(
      CheckProperties p,
      ObjectMapper json,
      VerificationService verification,
      RecordCrypto crypto,
      LoginThrottle throttle,
      AuditTrail audit,
      Clock clock) {
    CheckProperties.Sms sms = p.sms();
    Optional<PhoneVerifier> provider = sms.configured()
        ? Optional.of(new TwilioVerify(
            new TwilioVerify.Settings(
                sms.baseUrl(),
                Objects.requireNonNull(sms.serviceSid()),
                Objects.requireNonNull(sms.username()),
                Objects.requireNonNull(sms.password()),
                sms.timeout()),
            json))
        : Optional.empty();
    return new PhoneChecks(provider, verification, crypto, throttle, audit, clock);
  }

  @Bean
  BusinessChecks businessChecks(
      CheckProperties p,
      ObjectMapper json,
      VerificationService verification,
      RecordCrypto crypto,
      LoginThrottle throttle,
      Clock clock) {
    CheckProperties.Business b = p.business();
    Optional<BusinessRegistry> register = b.configured()
        ? Optional.of(new NzbnRegister(
            new NzbnRegister.Settings(
                b.baseUrl(), Objects.requireNonNull(b.subscriptionKey()), b.timeout()),
            json))
        : Optional.empty();
    return new BusinessChecks(register, verification, crypto, throttle, clock);
  }
}
