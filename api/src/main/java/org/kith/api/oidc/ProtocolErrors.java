package org.kith.api.oidc;

import com.nimbusds.oauth2.sdk.token.DPoPTokenError;
import java.util.LinkedHashMap;
import java.util.Map;
import org.kith.core.oidc.OAuthRefusal;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebExchange;

/**
 * Refusals of the protocol endpoints in the words relying-party libraries read: RFC 6749 §5.2 JSON from the token,
 * revocation, introspection and pushed authorization request endpoints ({@code invalid_client} as 401 with a Basic
 * challenge), RFC 6750 §3 challenges from userinfo ({@code WWW-Authenticate: Bearer error=...}, or
 * {@code DPoP error=...} for a DPoP-bound token, RFC 9449 §7.1). Always {@code no-store}; never a secret in a
 * description.
 */
@RestControllerAdvice(
    assignableTypes = {
      TokenController.class,
      UserInfoController.class,
      RevocationController.class,
      IntrospectionController.class,
      ParController.class
    })
final class ProtocolErrors {
  @ExceptionHandler(OAuthRefusal.class)
  ResponseEntity<Map<String, Object>> refused(OAuthRefusal e, ServerWebExchange exchange) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", e.error());
    body.put("error_description", e.getMessage());
    boolean userinfo = exchange.getRequest().getPath().value().equals(ProviderEndpoints.USERINFO);
    ResponseEntity.BodyBuilder answer;
    if (userinfo) {
      HttpStatus status =
          e.error().equals("insufficient_scope") ? HttpStatus.FORBIDDEN : HttpStatus.UNAUTHORIZED;
      String challenge = exchange.getAttribute(UserInfoController.DPOP_CHALLENGE) != null
          ? new DPoPTokenError(e.error(), quoted(e.getMessage()), status.value())
              .setJWSAlgorithms(DPoPProofs.ALGORITHMS)
              .toWWWAuthenticateHeader()
          : e.error().equals("invalid_request")
              ? "Bearer"
              : "Bearer error=\"" + e.error() + "\", error_description=\"" + quoted(e.getMessage())
                  + "\"";
      answer = ResponseEntity.status(status).header("WWW-Authenticate", challenge);
    } else if (e.error().equals("invalid_client")) {
      answer = ResponseEntity.status(HttpStatus.UNAUTHORIZED)
          .header("WWW-Authenticate", "Basic realm=\"kith\"");
    } else {
      answer = ResponseEntity.status(HttpStatus.BAD_REQUEST);
    }
    return answer.header("Cache-Control", "no-store").body(body);
  }

  private static String quoted(String text) {
    return text.replace("\\", "").replace("\"", "'");
  }
}
