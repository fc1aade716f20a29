package org.kith.api.web;

import org.kith.core.Rejected;
import org.kith.core.account.Principal;
import org.springframework.core.MethodParameter;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * A handler parameter of type {@link Principal} makes its route require authentication (else 401); one of type
 * {@link Caller} lets an anonymous request through as {@code Caller(null)}.
 */
final class PrincipalArgumentResolver implements HandlerMethodArgumentResolver {
  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return Principal.class.equals(parameter.getParameterType())
        || Caller.class.equals(parameter.getParameterType());
  }

  @Override
  public Mono<Object> resolveArgument(
      MethodParameter parameter, BindingContext context, ServerWebExchange exchange) {
    Principal principal = exchange.getAttribute(BearerAuthenticationFilter.PRINCIPAL);
    if (Caller.class.equals(parameter.getParameterType())) {
      return Mono.just(new Caller(principal));
    }
    return principal != null
        ? Mono.just(principal)
        : Mono.error(Rejected.unauthenticated("this route needs Authorization: Bearer <token>"));
  }
}
