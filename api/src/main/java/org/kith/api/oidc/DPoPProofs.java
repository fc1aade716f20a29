package org.kith.api.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.dpop.JWKThumbprintConfirmation;
import com.nimbusds.oauth2.sdk.dpop.verifiers.AccessTokenValidationException;
import com.nimbusds.oauth2.sdk.dpop.verifiers.DPoPIssuer;
import com.nimbusds.oauth2.sdk.dpop.verifiers.DPoPProofUse;
import com.nimbusds.oauth2.sdk.dpop.verifiers.DPoPProtectedResourceRequestVerifier;
import com.nimbusds.oauth2.sdk.dpop.verifiers.DPoPTokenRequestVerifier;
import com.nimbusds.oauth2.sdk.dpop.verifiers.InMemoryDPoPSingleUseChecker;
import com.nimbusds.oauth2.sdk.dpop.verifiers.InvalidDPoPProofException;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import com.nimbusds.oauth2.sdk.util.singleuse.AlreadyUsedException;
import com.nimbusds.oauth2.sdk.util.singleuse.SingleUseChecker;
import com.nimbusds.openid.connect.sdk.Nonce;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.kith.core.oidc.OAuthRefusal;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * DPoP proofs (RFC 9449) checked with the Nimbus SDK's verifiers: the signature with the key in the proof's header
 * (one of {@link #ALGORITHMS}), {@code htm} and {@code htu} of this request, {@code iat} within {@link #SKEW_SECONDS}
 * of now, {@code jti} not seen before from the same client (a bounded in-memory cache, per server instance), and at
 * a protected resource {@code ath} and the access token's {@code cnf.jkt}. Every failure is {@code invalid_dpop_proof}
 * (or {@code invalid_token} for a token not bound to the proof's key), never a server error.
 */
@Component
final class DPoPProofs implements DisposableBean {
  /** The proof algorithms accepted and advertised ({@code dpop_signing_alg_values_supported}). */
  static final Set<JWSAlgorithm> ALGORITHMS = new LinkedHashSet<>(
      List.of(JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.RS256, JWSAlgorithm.PS256));

  static final long SKEW_SECONDS = 60;
  static final String HEADER = "DPoP";
  private static final int MAX_PROOF = 8192;
  private static final int MAX_JTIS = 100_000;
  private final InMemoryDPoPSingleUseChecker seen =
      new InMemoryDPoPSingleUseChecker(2 * SKEW_SECONDS + 10, 30);
  private final DPoPTokenRequestVerifier atToken;
  private final DPoPTokenRequestVerifier atPar;
  private final DPoPProtectedResourceRequestVerifier atResource;

  DPoPProofs(ProviderEndpoints endpoints) {
    SingleUseChecker<DPoPProofUse> bounded = this::markUsed;
    this.atToken = new DPoPTokenRequestVerifier(
        ALGORITHMS, endpoints.at(ProviderEndpoints.TOKEN), SKEW_SECONDS, SKEW_SECONDS, bounded);
    this.atPar = new DPoPTokenRequestVerifier(
        ALGORITHMS, endpoints.at(ProviderEndpoints.PAR), SKEW_SECONDS, SKEW_SECONDS, bounded);
    this.atResource =
        new DPoPProtectedResourceRequestVerifier(ALGORITHMS, SKEW_SECONDS, SKEW_SECONDS, bounded);
  }

  /** Fails closed when the cache is full: a proof is refused rather than its jti forgotten. */
  private void markUsed(DPoPProofUse use) throws AlreadyUsedException {
    if (seen.getCacheSize() >= MAX_JTIS) {
      throw new AlreadyUsedException("too many recent DPoP proofs: try again shortly");
    }
    seen.markAsUsed(use);
  }

  /**
   * The JWK SHA-256 thumbprint of the key of a valid proof sent by client {@code clientId} to the token endpoint
   * ({@code htm} POST), or null when the request has no {@code DPoP} header.
   */
  @Nullable
  String tokenRequest(@Nullable List<String> headers, String clientId) {
    return thumbprint(atToken, headers, clientId);
  }

  /**
   * As {@link #tokenRequest} for a proof sent to the pushed authorization request endpoint (RFC 9449 §10.1): the code
   * of that request is then bound to the key as if its thumbprint were sent as {@code dpop_jkt}.
   */
  @Nullable
  String parRequest(@Nullable List<String> headers, String clientId) {
    return thumbprint(atPar, headers, clientId);
  }

  private static @Nullable String thumbprint(
      DPoPTokenRequestVerifier verifier, @Nullable List<String> headers, String clientId) {
    SignedJWT proof = proof(headers);
    if (proof == null) {
      return null;
    }
    try {
      return verifier
          .verify(new DPoPIssuer(clientId), proof, (Nonce) null)
          .getValue()
          .toString();
    } catch (InvalidDPoPProofException | JOSEException | RuntimeException e) {
      throw invalid(e);
    }
  }

  /**
   * Checks a proof sent with a DPoP-bound access token of client {@code clientId} to a protected resource: it must
   * exist, match the request, hash the token ({@code ath}) and be signed with the key {@code jkt} names.
   */
  void resourceRequest(
      @Nullable List<String> headers,
      String method,
      URI uri,
      String clientId,
      String accessToken,
      String jkt) {
    SignedJWT proof = proof(headers);
    if (proof == null) {
      throw new OAuthRefusal("invalid_dpop_proof", "a DPoP-bound access token needs a DPoP proof");
    }
    try {
      atResource.verify(
          method,
          uri,
          new DPoPIssuer(clientId),
          proof,
          new DPoPAccessToken(accessToken),
          new JWKThumbprintConfirmation(new Base64URL(jkt)),
          (Nonce) null);
    } catch (AccessTokenValidationException e) {
      throw new OAuthRefusal("invalid_token", "the access token is not bound to the proof's key");
    } catch (InvalidDPoPProofException | JOSEException | RuntimeException e) {
      throw invalid(e);
    }
  }

  private static @Nullable SignedJWT proof(@Nullable List<String> headers) {
    if (headers == null || headers.isEmpty()) {
      return null;
    }
    if (headers.size() > 1 || headers.get(0).length() > MAX_PROOF) {
      throw new OAuthRefusal("invalid_dpop_proof", "send exactly one DPoP proof");
    }
    try {
      return SignedJWT.parse(headers.get(0).strip());
    } catch (java.text.ParseException e) {
      throw new OAuthRefusal("invalid_dpop_proof", "the DPoP proof is not a signed JWT");
    }
  }

  private static OAuthRefusal invalid(Exception e) {
    String why = e instanceof InvalidDPoPProofException && e.getMessage() != null
        ? e.getMessage()
        : "the DPoP proof is not valid";
    return new OAuthRefusal("invalid_dpop_proof", why.length() > 200 ? why.substring(0, 200) : why);
  }

  @Override
  public void destroy() {
    seen.shutdown();
  }
}
