package org.kith.api.oidc;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.ResponseMode;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.openid.connect.sdk.Prompt;
import com.nimbusds.openid.connect.sdk.SubjectType;
import com.nimbusds.openid.connect.sdk.claims.ACR;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.kith.api.config.KithProperties;
import org.kith.core.oidc.ProviderService;
import org.kith.core.oidc.StandardClaims;
import org.springframework.stereotype.Component;

/**
 * The provider's issuer and endpoint URLs, and the discovery document that advertises exactly what is implemented
 * (OpenID Connect Discovery 1.0 §3).
 */
@Component
public final class ProviderEndpoints {
  public static final String AUTHORIZE = "/oauth2/authorize";
  public static final String TOKEN = "/oauth2/token";
  public static final String USERINFO = "/oauth2/userinfo";
  public static final String REVOKE = "/oauth2/revoke";
  public static final String INTROSPECT = "/oauth2/introspect";
  public static final String PAR = "/oauth2/par";
  public static final String LOGOUT = "/oauth2/logout";
  public static final String JWKS = "/.well-known/jwks.json";
  /** The hosted page a person answers a request on (the onboarding app's route). */
  public static final String CONSENT_PAGE = "/app/authorize?request=";

  private final Issuer issuer;
  private final String base;

  public ProviderEndpoints(KithProperties p) {
    this.base = p.issuerUrl().endsWith("/")
        ? p.issuerUrl().substring(0, p.issuerUrl().length() - 1)
        : p.issuerUrl();
    this.issuer = new Issuer(base);
  }

  public Issuer issuer() {
    return issuer;
  }

  URI at(String path) {
    return URI.create(base + path);
  }

  /** The discovery document. */
  Map<String, Object> metadata() {
    OIDCProviderMetadata m =
        new OIDCProviderMetadata(issuer, List.of(SubjectType.PAIRWISE), at(JWKS));
    m.setAuthorizationEndpointURI(at(AUTHORIZE));
    m.setTokenEndpointURI(at(TOKEN));
    m.setUserInfoEndpointURI(at(USERINFO));
    m.setRevocationEndpointURI(at(REVOKE));
    m.setResponseTypes(List.of(ResponseType.CODE));
    m.setResponseModes(List.of(ResponseMode.QUERY));
    m.setGrantTypes(List.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN));
    m.setCodeChallengeMethods(List.of(CodeChallengeMethod.S256));
    List<ClientAuthenticationMethod> auth = List.of(
        ClientAuthenticationMethod.CLIENT_SECRET_BASIC,
        ClientAuthenticationMethod.CLIENT_SECRET_POST,
        ClientAuthenticationMethod.PRIVATE_KEY_JWT,
        ClientAuthenticationMethod.NONE);
    m.setTokenEndpointAuthMethods(auth);
    m.setRevocationEndpointAuthMethods(auth);
    clientAuthentication(m);
    m.setIDTokenJWSAlgs(List.of(JWSAlgorithm.ES256));
    m.setScopes(new Scope(StandardClaims.SCOPES.keySet().toArray(String[]::new)));
    m.setClaims(StandardClaims.CLAIMS);
    m.setACRs(List.of(new ACR(ProviderService.ACR_PASSWORD)));
    m.setPromptTypes(List.of(Prompt.Type.LOGIN, Prompt.Type.CONSENT));
    m.setSupportsAuthorizationResponseIssuerParam(true);
    m.setSupportsRequestParam(false);
    m.setSupportsRequestURIParam(false);
    m.setSupportsClaimsParams(false);
    m.setPushedAuthorizationRequestEndpointURI(at(PAR));
    m.requiresPushedAuthorizationRequests(false);
    m.setDPoPJWSAlgs(List.copyOf(DPoPProofs.ALGORITHMS));
    Map<String, Object> json = m.toJSONObject();
    json.put("require_pushed_authorization_requests", false);
    json.putAll(LogoutMetadata.of(at(LOGOUT)));
    json.putAll(LogoutMetadata.identityAssurance());
    return json;
  }

  /** private_key_jwt's algorithms, and introspection for resource servers (confidential clients only). */
  private void clientAuthentication(OIDCProviderMetadata m) {
    m.setTokenEndpointJWSAlgs(ClientKeyPolicy.ALGORITHMS);
    m.setRevocationEndpointJWSAlgs(ClientKeyPolicy.ALGORITHMS);
    m.setIntrospectionEndpointURI(at(INTROSPECT));
    m.setIntrospectionEndpointAuthMethods(List.of(
        ClientAuthenticationMethod.CLIENT_SECRET_BASIC,
        ClientAuthenticationMethod.CLIENT_SECRET_POST,
        ClientAuthenticationMethod.PRIVATE_KEY_JWT));
    m.setIntrospectionEndpointJWSAlgs(ClientKeyPolicy.ALGORITHMS);
  }
}
