package org.kith.api.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.WebFilter;

/**
 * The onboarding app at {@code /app/} (static files from {@code static/app}). Its pages have
 * real addresses ({@code /app/data}, {@code /app/consent?a_id=...}): every GET of {@code /app/<path>} without a file
 * extension serves the app's page (history fallback), which shows the page of the address; files are served as they
 * are. {@code /} serves the same page, which shows Kith's start page there. Every app response, and the
 * start page, carries a content security policy that allows nothing from other sites, so the app makes no
 * third-party calls.
 */
@Configuration(proxyBeanMethods = false)
class OnboardingApp {
  static final String CSP =
      "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
          + "script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
          + "form-action 'self'";

  /** An app page's address: under /app, and its last segment has no file extension. */
  static boolean isAppPage(String path) {
    if (!path.equals("/app") && !path.startsWith("/app/")) {
      return false;
    }
    return !path.substring(path.lastIndexOf('/') + 1).contains(".");
  }

  @Bean
  RouterFunction<ServerResponse> onboardingAppPage() {
    ClassPathResource page = new ClassPathResource("static/app/index.html");
    RequestPredicate appPage = r -> isAppPage(r.path());
    // the page itself, not a redirect: a body-less redirect left the next keep-alive request
    // unanswered in about
    // one case in ten (Reactor Netty; see issue 9's note), and the page links its files absolutely
    return RouterFunctions.route()
        .GET("/", r -> ServerResponse.ok().contentType(MediaType.TEXT_HTML).bodyValue(page))
        .GET(
            "/app/**",
            appPage,
            r -> ServerResponse.ok().contentType(MediaType.TEXT_HTML).bodyValue(page))
        .GET("/app", r -> ServerResponse.ok().contentType(MediaType.TEXT_HTML).bodyValue(page))
        .build();
  }

  @Bean
  @Order(-150)
  WebFilter onboardingAppHeaders() {
    return (exchange, chain) -> {
      String path = exchange.getRequest().getPath().value();
      if (path.equals("/") || path.startsWith("/app")) {
        HttpHeaders headers = exchange.getResponse().getHeaders();
        headers.set("Content-Security-Policy", CSP);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("X-Frame-Options", "DENY");
      }
      return chain.filter(exchange);
    };
  }
}
