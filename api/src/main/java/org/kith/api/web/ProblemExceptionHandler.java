package org.kith.api.web;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.kith.api.web.Problems.Problem;
import org.kith.core.Failed;
import org.kith.core.FieldError;
import org.kith.core.ProblemKind;
import org.kith.core.Rejected;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * The one place where failures become HTTP: domain rejections keep their kind and safe detail; framework
 * errors (no route, wrong method or media type, malformed or oversized JSON) get a fixed, safe detail; a
 * {@link Failed} or anything unexpected is logged with its cause and answered with only its title.
 */
@Component
@Order(-2)
public final class ProblemExceptionHandler implements WebExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ProblemExceptionHandler.class);
  private final Problems problems;

  public ProblemExceptionHandler(Problems problems) {
    this.problems = problems;
  }

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
    return problems.write(exchange, toProblem(exchange, error));
  }

  Problem toProblem(ServerWebExchange exchange, Throwable error) {
    if (error instanceof Rejected r) {
      Rejected.StepUp stepUp = r.stepUp();
      Map<String, String> headers = r.kind() == ProblemKind.UNAUTHENTICATED
          ? Map.of(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"kith\"")
          : stepUp != null
              ? Map.of(HttpHeaders.WWW_AUTHENTICATE, stepUpChallenge(r.getMessage(), stepUp))
              : Map.of();
      return new Problem(
          r.kind().status(),
          r.kind().slug(),
          r.kind().title(),
          r.getMessage(),
          r.errors(),
          r.retryAfter(),
          headers,
          r.extensions());
    }
    if (error instanceof Failed f && f.retryAfter() != null) {
      LOG.warn(
          "{} {} shed: {}",
          exchange.getRequest().getMethod(),
          exchange.getRequest().getPath(),
          f.getMessage());
      return new Problem(
          f.kind().status(),
          f.kind().slug(),
          f.kind().title(),
          f.getMessage(),
          List.of(),
          f.retryAfter(),
          Map.of());
    }
    if (error instanceof Failed f) {
      LOG.error(
          "{} {} failed: {}",
          exchange.getRequest().getMethod(),
          exchange.getRequest().getPath(),
          f.getMessage(),
          f.getCause());
      return Problem.of(f.kind(), f.kind().title());
    }
    if (hasCause(error, DataBufferLimitException.class)) {
      return Problem.of(ProblemKind.PAYLOAD_TOO_LARGE, "the request body is too large");
    }
    if (error instanceof WebExchangeBindException bind) {
      List<FieldError> errors = bind.getFieldErrors().stream()
          .map(e -> new FieldError(snake(e.getField()), String.valueOf(e.getDefaultMessage())))
          .toList();
      String detail =
          errors.stream().map(e -> e.path() + ": " + e.message()).collect(Collectors.joining("; "));
      return new Problem(
          400,
          ProblemKind.VALIDATION.slug(),
          ProblemKind.VALIDATION.title(),
          detail,
          errors,
          null,
          Map.of());
    }
    if (error instanceof ServerWebInputException) {
      return Problem.of(
          ProblemKind.BAD_REQUEST,
          "the request is malformed: check the JSON syntax, field types and required parameters");
    }
    if (error instanceof MethodNotAllowedException m) {
      String allow = m.getSupportedMethods().stream()
          .map(HttpMethod::name)
          .sorted()
          .collect(Collectors.joining(", "));
      return new Problem(
          405,
          "method-not-allowed",
          "Method not allowed",
          "this route does not accept " + m.getHttpMethod(),
          List.of(),
          null,
          Map.of(HttpHeaders.ALLOW, allow));
    }
    if (error instanceof ResponseStatusException rse) {
      int status = rse.getStatusCode().value();
      return switch (status) {
        case 404 -> Problem.of(ProblemKind.NOT_FOUND, "no such route or resource");
        case 406 ->
          new Problem(
              406,
              "not-acceptable",
              "Not acceptable",
              "this route produces application/json",
              List.of(),
              null,
              Map.of());
        case 413 -> Problem.of(ProblemKind.PAYLOAD_TOO_LARGE, "the request body is too large");
        case 415 ->
          new Problem(
              415,
              "unsupported-media-type",
              "Unsupported media type",
              "send the body as application/json",
              List.of(),
              null,
              Map.of());
        default ->
          status < 500
              ? new Problem(
                  status,
                  "http-" + status,
                  rse.getStatusCode().toString(),
                  "the request was refused",
                  List.of(),
                  null,
                  Map.of())
              : unexpected(exchange, error);
      };
    }
    return unexpected(exchange, error);
  }

  /** RFC 9470 §3: the challenge of a step-up rejection. */
  static String stepUpChallenge(String detail, Rejected.StepUp stepUp) {
    return "Bearer error=\"insufficient_user_authentication\", error_description=\""
        + quoted(detail)
        + "\", max_age="
        + stepUp.maxAge().toSeconds()
        + (stepUp.acrValues() == null ? "" : ", acr_values=\"" + quoted(stepUp.acrValues()) + "\"");
  }

  /** The text of an RFC 9110 quoted-string: backslash and quote escaped, no control characters. */
  private static String quoted(String text) {
    return text.replaceAll("[\\p{Cntrl}]", " ").replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private static Problem unexpected(ServerWebExchange exchange, Throwable error) {
    LOG.error(
        "{} {} failed unexpectedly",
        exchange.getRequest().getMethod(),
        exchange.getRequest().getPath(),
        error);
    return Problem.of(ProblemKind.INTERNAL, ProblemKind.INTERNAL.title());
  }

  private static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  static String snake(String field) {
    return field.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }
}
