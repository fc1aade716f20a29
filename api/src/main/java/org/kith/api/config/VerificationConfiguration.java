package org.kith.api.config;

import java.time.Clock;
import org.kith.core.account.LoginThrottle;
import org.kith.core.audit.AuditTrail;
import org.kith.core.consent.AppKeyService;
import org.kith.core.consent.ApplicationStore;
import org.kith.core.profile.ProfileObjectStore;
import org.kith.core.profile.ProfileService;
import org.kith.core.verification.VerificationService;
import org.kith.crypto.envelope.WebCryptoKeyMaterial;
import org.kith.crypto.keys.SigningKeyRing;
import org.kith.crypto.password.HmacSecretHasher;
import org.kith.crypto.record.Es256RecordCrypto;
import org.kith.crypto.sdjwt.Es256SdJwts;
import org.kith.graph.consent.Neo4jAppKeyStore;
import org.kith.graph.neo4j.GraphConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Verification records, SD-JWTs and encrypted key sharing. */
@Configuration(proxyBeanMethods = false)
class VerificationConfiguration {

  /** Signs and verifies records under the live key ring (verification records, trained models, extractions). */
  @Bean
  org.kith.core.verification.RecordCrypto recordCrypto(SigningKeyRing ring) {
    return new Es256RecordCrypto(ring);
  }

  @Bean
  VerificationService verificationService(
      SigningKeyRing ring,
      org.kith.crypto.keys.InstallationKeys keys,
      org.kith.core.verification.RecordCrypto crypto,
      KithProperties p,
      ProfileService profiles,
      ProfileObjectStore objects,
      LoginThrottle throttle,
      AuditTrail audit,
      Clock clock) {
    // The HMAC key behind the field hashes of stored records is its own key, shared with no other
    // use.
    HmacSecretHasher fieldKey = new HmacSecretHasher(keys.secret(
        "field-commitment", AccountConfiguration.keys(p).resolve("field-commitment.key")));
    return new VerificationService(
        crypto,
        new Es256SdJwts(ring, p.tokens().issuer(), p.verify().sdJwtLifetime(), clock),
        fieldKey,
        profiles,
        objects,
        throttle,
        audit,
        clock);
  }

  @Bean
  AppKeyService appKeyService(ApplicationStore apps, GraphConnection c, Clock clock) {
    return new AppKeyService(
        apps, new Neo4jAppKeyStore(c.cypher()), new WebCryptoKeyMaterial(), clock);
  }
}
