package org.kith.api.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.kith.core.FieldError;
import org.kith.core.ProblemKind;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Writes RFC 9457 {@code application/problem+json} bodies: {@code type}, {@code title}, {@code status},
 * {@code detail}, the same text again as {@code message} (for clients of the modelled API), the request
 * path as {@code instance}, and {@code errors} for validation problems.
 */
public final class Problems {
  /** Base of every problem type URI. */
  public static final String TYPE_BASE = "https://kith.dev/problems/";

  private final ObjectMapper json;

  public Problems(ObjectMapper json) {
    this.json = json;
  }

  /** A problem's content, before it is written. */
  public record Problem(
      int status,
      String slug,
      String title,
      String detail,
      List<FieldError> errors,
      @Nullable Duration retryAfter,
      Map<String, String> headers,
      Map<String, Object> extensions) {
    public Problem {
      extensions = Map.copyOf(extensions);
    }

    /** A problem without extension members. */
    public Problem(
        int status,
        String slug,
        String title,
        String detail,
        List<FieldError> errors,
        @Nullable Duration retryAfter,
        Map<String, String> headers) {
      this(status, slug, title, detail, errors, retryAfter, headers, Map.of());
    }

    public static Problem of(ProblemKind kind, String detail) {
      return new Problem(
          kind.status(), kind.slug(), kind.title(), detail, List.of(), null, Map.of());
    }
  }

  public Mono<Void> write(ServerWebExchange exchange, Problem problem) {
    ServerHttpResponse response = exchange.getResponse();
    if (response.isCommitted()) {
      return Mono.empty();
    }
    response.setStatusCode(HttpStatus.valueOf(problem.status()));
    HttpHeaders headers = response.getHeaders();
    headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    headers.setCacheControl("no-store");
    problem.headers().forEach(headers::set);
    if (problem.retryAfter() != null) {
      headers.set(
          HttpHeaders.RETRY_AFTER,
          String.valueOf(Math.max(1, (problem.retryAfter().toMillis() + 999) / 1000)));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", TYPE_BASE + problem.slug());
    body.put("title", problem.title());
    body.put("status", problem.status());
    body.put("detail", problem.detail());
    body.put("message", problem.detail());
    body.put("instance", exchange.getRequest().getPath().value());
    problem.extensions().forEach(body::putIfAbsent);
    if (!problem.errors().isEmpty()) {
      body.put(
          "errors",
          problem.errors().stream()
              .map(e -> Map.of("path", e.path(), "message", e.message()))
              .toList());
    }
    byte[] bytes;
    try {
      bytes = json.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      bytes = ("{\"status\":" + problem.status() + "}")
          .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
    DataBuffer buffer = response.bufferFactory().wrap(bytes);
    return response.writeWith(Mono.just(buffer));
  }
}
