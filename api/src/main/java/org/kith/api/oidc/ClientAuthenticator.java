package org.kith.api.oidc;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.PlainClientSecret;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.kith.core.Rejected;
import org.kith.core.consent.AccessApplication;
import org.kith.core.consent.ApplicationService;
import org.kith.core.oidc.OAuthRefusal;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Who is calling a client-authenticated endpoint (token, revocation, introspection): a confidential client by its
 * secret (client_secret_basic or client_secret_post, checked against the stored hash) or by a JWT signed with one
 * of its registered keys (private_key_jwt, {@link PrivateKeyJwtVerifier}), or a public client (an application
 * without a secret or keys) by its client_id alone. A client that has a secret or keys must use them; any other
 * method (client_secret_jwt, an unsigned or HMAC assertion) is refused. Every failure is the same
 * {@code invalid_client}.
 */
@Component
final class ClientAuthenticator {
  private final ApplicationService applications;
  private final PrivateKeyJwtVerifier privateKeyJwt;

  ClientAuthenticator(
      @org.springframework.beans.factory.annotation.Qualifier("clientApplications")
          ApplicationService applications,
      PrivateKeyJwtVerifier privateKeyJwt) {
    this.applications = applications;
    this.privateKeyJwt = privateKeyJwt;
  }

  /** The calling client; {@code publicId} is the client_id of a request without client authentication, if any. */
  Mono<AccessApplication> authenticate(
      @Nullable ClientAuthentication auth, @Nullable ClientID publicId) {
    if (auth instanceof PlainClientSecret secret) {
      return applications
          .authenticate(
              secret.getClientID().getValue(), secret.getClientSecret().getValue())
          .onErrorMap(Rejected.class, e -> refused());
    }
    if (auth instanceof PrivateKeyJWT assertion) {
      return privateKeyJwt.verify(assertion);
    }
    if (auth != null || publicId == null) {
      return Mono.error(refused());
    }
    return applications
        .publicClient(publicId.getValue())
        .filter(app -> !app.clientAuth().hasKeys())
        .switchIfEmpty(Mono.error(ClientAuthenticator::refused));
  }

  /**
   * The refusal for a request the SDK could not parse: {@code invalid_client} if it tried to authenticate with an
   * assertion (an unsigned or malformed {@code client_assertion}), else the SDK's error or {@code invalid_request}.
   */
  static OAuthRefusal unparsable(HTTPRequest http, ParseException e, String description) {
    Map<String, List<String>> form = URLUtils.parseParameters(http.getBody());
    if (form.containsKey("client_assertion") || form.containsKey("client_assertion_type")) {
      return refused();
    }
    return new OAuthRefusal(
        e.getErrorObject() == null ? "invalid_request" : e.getErrorObject().getCode(),
        e.getMessage() == null ? description : e.getMessage());
  }

  static OAuthRefusal refused() {
    return new OAuthRefusal("invalid_client", "client authentication failed");
  }
}
