package org.kith.api.auth;

import io.swagger.v3.oas.annotations.Operation;
import org.kith.core.Rejected;
import org.kith.core.account.AccountService;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.HtmlUtils;
import reactor.core.publisher.Mono;

/**
 * The page behind a reset email's "I did not ask for this" link. Opening the link (GET) changes nothing,
 * because mail scanners and link previews fetch links on their own; it shows one button that posts the
 * token, and that POST cancels the reset (the same use case as the JSON route
 * {@code POST /v1/auth/password-reset/cancel}). This follows RFC 8058's reasoning for one-click
 * unsubscribe: the state change is a POST, never a GET.
 */
@RestController
@RequestMapping(path = "/v1/auth/password-reset/cancel")
final class PasswordResetCancelPage {
  private static final String PAGE =
      "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
          + "<meta name=\"referrer\" content=\"no-referrer\"><meta name=\"viewport\" content=\"width=device-width\">"
          + "<title>Kith password reset</title></head><body><main><h1>Kith password reset</h1>%s</main></body></html>";
  private final AccountService accounts;

  PasswordResetCancelPage(AccountService accounts) {
    this.accounts = accounts;
  }

  @GetMapping(produces = MediaType.TEXT_HTML_VALUE)
  @Operation(
      summary =
          "The email link's page: one button that cancels the reset (opening it changes nothing)")
  ResponseEntity<String> page(@RequestParam(name = "token", defaultValue = "") String token) {
    return html(
        HttpStatus.OK,
        "<p>Someone asked to reset the password of your Kith account. If it was not you,"
            + " cancel the reset: password login works again with your current password.</p>"
            + "<form method=\"post\"><input type=\"hidden\" name=\"token\" value=\""
            + HtmlUtils.htmlEscape(token)
            + "\"><button type=\"submit\">I did not ask for this</button></form>");
  }

  @PostMapping(
      consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
      produces = MediaType.TEXT_HTML_VALUE)
  @Operation(summary = "The page's button: cancels the reset with the token")
  Mono<ResponseEntity<String>> cancel(ServerWebExchange exchange) {
    return exchange
        .getFormData()
        .flatMap(form -> accounts.cancelPasswordReset(String.valueOf(form.getFirst("token"))))
        .then(Mono.fromCallable(() -> html(
            HttpStatus.OK, "<p>The password reset is cancelled. Your password is unchanged.</p>")))
        .onErrorResume(
            Rejected.class,
            e -> Mono.just(
                html(
                    HttpStatus.BAD_REQUEST,
                    "<p>This link is not valid: it was already used, has expired, or a newer reset email replaced it.</p>")));
  }

  private static ResponseEntity<String> html(HttpStatus status, String body) {
    return ResponseEntity.status(status)
        .contentType(MediaType.TEXT_HTML)
        .cacheControl(CacheControl.noStore())
        .header(
            "Content-Security-Policy",
            "default-src 'none'; form-action 'self'; frame-ancestors 'none'")
        .body(PAGE.formatted(body));
  }
}
