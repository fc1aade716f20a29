package org.kith.api.oidc;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** A WebFlux request as the Nimbus SDK's {@link HTTPRequest}, form body included (its size is bounded upstream). */
final class ProtocolRequests {
  private ProtocolRequests() {}

  static Mono<HTTPRequest> of(
      ServerWebExchange exchange, ProviderEndpoints endpoints, String path) {
    ServerHttpRequest r = exchange.getRequest();
    return DataBufferUtils.join(r.getBody())
        .map(buffer -> {
          try {
            return buffer.toString(StandardCharsets.UTF_8);
          } finally {
            DataBufferUtils.release(buffer);
          }
        })
        .defaultIfEmpty("")
        .map(body -> {
          HTTPRequest h = new HTTPRequest(
              HTTPRequest.Method.valueOf(r.getMethod().name()), url(endpoints, path));
          HttpHeaders headers = r.getHeaders();
          headers.forEach((name, values) -> h.setHeader(name, values.toArray(String[]::new)));
          h.setBody(body);
          return h;
        });
  }

  private static URL url(ProviderEndpoints endpoints, String path) {
    try {
      return endpoints.at(path).toURL();
    } catch (MalformedURLException e) {
      throw new IllegalStateException("the issuer URL is not a URL", e);
    }
  }
}
