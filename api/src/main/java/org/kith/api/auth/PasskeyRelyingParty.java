package org.kith.api.auth;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.kith.api.config.KithProperties;
import org.kith.api.config.WebAuthnProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The relying party Kith is to authenticators ({@code kith.webauthn.*}, defaults from {@code kith.issuer-url}). */
@Configuration(proxyBeanMethods = false)
class PasskeyRelyingParty {
  @Bean
  RelyingParty relyingParty(WebAuthnProperties w, KithProperties p) {
    URI issuer = URI.create(p.issuerUrl());
    String id = w.rpId() == null || w.rpId().isBlank() ? issuer.getHost() : w.rpId();
    List<String> origins = w.origins().isEmpty()
        ? List.of(issuer.getScheme() + "://" + issuer.getRawAuthority())
        : List.copyOf(w.origins());
    return new RelyingParty(id, w.rpName(), origins, Duration.ofMinutes(5));
  }
}
