package org.kith.api.oidc;

import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.PlainClientSecret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import org.jspecify.annotations.Nullable;
import org.kith.core.Rejected;
import org.kith.core.consent.AccessApplication;
import org.kith.core.consent.ApplicationService;
import org.kith.core.oidc.OAuthRefusal;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Who is calling the token or revocation endpoint: a confidential client by its secret (client_secret_basic or
 * client_secret_post, checked against the stored hash), or a public client (an application without a secret) by its
 * client_id alone. A client that has a secret must use it. Every failure is the same {@code invalid_client}.
 */
@Component
final class ClientAuthenticator {
  private final ApplicationService applications;

  ClientAuthenticator(ApplicationService applications) {
    this.applications = applications;
  }

  Mono<AccessApplication> authenticate(@Nullable ClientAuthentication auth, @Nullable ClientID publicId) {
    if (auth instanceof PlainClientSecret secret) {
      return applications.authenticate(secret.getClientID().getValue(), secret.getClientSecret().getValue())
          .onErrorMap(Rejected.class, e -> refused());
    }
    if (auth != null || publicId == null) {
      return Mono.error(refused());
    }
    return applications.publicClient(publicId.getValue()).switchIfEmpty(Mono.error(ClientAuthenticator::refused));
  }

  static OAuthRefusal refused() {
    return new OAuthRefusal("invalid_client", "client authentication failed");
  }
}
