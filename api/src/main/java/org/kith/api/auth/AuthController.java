package org.kith.api.auth;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import org.kith.api.web.ClientAddress;
import org.kith.api.web.Message;
import org.kith.api.web.StepUpRequired;
import org.kith.core.Rejected;
import org.kith.core.account.AccountService;
import org.kith.core.account.Principal;
import org.kith.core.account.SessionService;
import org.kith.core.account.StepUpPolicy;
import org.kith.core.account.TokenGrant;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** The {@code /v1/auth} routes of the contract. */
@RestController
@RequestMapping(path = "/v1/auth", produces = "application/json")
final class AuthController {
  private final AccountService accounts;
  private final SessionService sessions;

  private final org.kith.core.oidc.LogoutService logout;
  private final org.kith.core.account.SessionManagementService devices;
  private final org.kith.core.account.TotpService totp;
  private final PasskeyCeremonies passkeys;
  private final StepUpPolicy stepUp;
  private final SessionEndNotices notices;

  AuthController(
      AccountService accounts,
      SessionService sessions,
      org.kith.core.oidc.LogoutService logout,
      org.kith.core.account.SessionManagementService devices,
      org.kith.core.account.TotpService totp,
      PasskeyCeremonies passkeys,
      StepUpPolicy stepUp,
      SessionEndNotices notices) {
    this.stepUp = stepUp;
    this.notices = notices;
    this.accounts = accounts;
    this.sessions = sessions;
    this.logout = logout;
    this.devices = devices;
    this.totp = totp;
    this.passkeys = passkeys;
  }

  record SignedUp(String message, String uId) {}

  @com.fasterxml.jackson.annotation.JsonInclude(
      com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
  record Tokens(
      String message,
      String identityToken,
      String accessToken,
      @Nullable String refreshToken,
      String tokenType,
      long expiresIn) {
    static Tokens of(TokenGrant grant) {
      return new Tokens(
          "authenticated",
          grant.tokens().identityToken(),
          grant.tokens().accessToken(),
          grant.refreshToken(),
          "Bearer",
          grant.tokens().lifetime().toSeconds());
    }
  }

  record PasswordRules(int minLength, int maxLength) {}

  /** The password rules a sign-up or a new password must meet, for forms to say and check them. */
  @GetMapping("/password-policy")
  @Operation(
      operationId = "authGetPasswordPolicy",
      summary =
          "The password rules (length in characters); also refused: common passwords and the username")
  PasswordRules passwordPolicy() {
    return new PasswordRules(
        org.kith.core.account.PasswordPolicy.MIN_LENGTH,
        org.kith.core.account.PasswordPolicy.MAX_LENGTH);
  }

  @PostMapping(path = "/signup", consumes = "application/json")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Create an account; a 6-digit verification code is emailed")
  Mono<SignedUp> signup(@Valid @RequestBody AuthRequests.Signup body) {
    return accounts
        .signup(body.username(), body.password(), body.verificationCodeOrg())
        .map(uId ->
            new SignedUp("account created; check your email for the verification code", uId));
  }

  @PostMapping(path = "/verify", consumes = "application/json")
  @Operation(
      summary =
          "Confirm the emailed code; a wrong code is a 400 with tries_remaining (a code takes 5 answers,"
              + " then a new one is emailed)")
  Mono<Message> verify(@Valid @RequestBody AuthRequests.Verify body) {
    return accounts
        .verify(body.username(), body.verificationCode())
        .thenReturn(new Message("account verified"));
  }

  @PostMapping(path = "/token", consumes = "application/json")
  @Operation(
      summary =
          "Password, refresh-token, client-credentials, mfa_otp or webauthn (passkey: credential = the assertion's"
              + " AuthenticationResponseJSON) grant; an account with a second factor answers the password grant"
              + " with 403 mfa-required and an mfa_token for the mfa_otp grant, or for the webauthn grant with a passkey of"
              + " the account (mfa_token + credential)")
  Mono<ResponseEntity<Tokens>> token(
      @Valid @RequestBody AuthRequests.Token body, ServerWebExchange exchange) {
    Mono<TokenGrant> grant = switch (body.grantType()) {
      case "password" -> {
        if (blank(body.username()) || body.password() == null) {
          yield Mono.error(Rejected.invalid("username", "username and password are required"));
        }
        yield sessions.passwordGrant(
            body.username(), body.password(), ClientAddress.network(exchange));
      }
      case "refresh_token" ->
        blank(body.refreshToken())
            ? Mono.error(Rejected.invalid("refresh_token", "refresh_token is required"))
            : sessions.refreshGrant(body.refreshToken());
      case "client_credentials" -> {
        if (blank(body.clientId()) || blank(body.clientSecret())) {
          yield Mono.error(
              Rejected.invalid("client_id", "client_id and client_secret are required"));
        }
        yield sessions.clientCredentialsGrant(body.clientId(), body.clientSecret());
      }
      case "mfa_otp" -> {
        if (blank(body.mfaToken()) || blank(body.otp())) {
          yield Mono.error(Rejected.invalid("mfa_token", "mfa_token and otp are required"));
        }
        yield totp.mfaGrant(body.mfaToken(), body.otp(), ClientAddress.network(exchange));
      }
      case "webauthn" ->
        body.credential() == null || body.credential().isEmpty()
            ? Mono.error(Rejected.invalid(
                "credential", "credential (the passkey's AuthenticationResponseJSON) is required"))
            : blank(body.mfaToken())
                ? passkeys.login(body.credential(), ClientAddress.network(exchange))
                : passkeys.secondFactor(
                    body.mfaToken(), body.credential(), ClientAddress.network(exchange));
      default ->
        Mono.error(
            Rejected.invalid(
                "grant_type",
                "unsupported grant_type; use password, refresh_token, client_credentials, mfa_otp or webauthn"));
    };
    // a login (any grant that starts a session, not a refresh) records its device; a new one is
    // emailed
    String agent = exchange.getRequest().getHeaders().getFirst("User-Agent");
    return grant
        .flatMap(g -> {
          String refresh = g.refreshToken();
          return refresh == null || "refresh_token".equals(body.grantType())
              ? Mono.just(g)
              : devices
                  .loggedIn(refresh, agent == null ? "" : agent, SessionController.prefix(exchange))
                  .thenReturn(g);
        })
        .map(g -> ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(Tokens.of(g)));
  }

  @PostMapping(path = "/password-reset", consumes = "application/json")
  @Operation(summary = "Email a reset code (the answer does not reveal whether the account exists)")
  Mono<Message> passwordReset(@Valid @RequestBody AuthRequests.PasswordReset body) {
    return accounts
        .requestPasswordReset(body.username())
        .thenReturn(new Message("if the account exists, a reset code has been emailed"));
  }

  @PostMapping(path = "/password-reset/cancel", consumes = "application/json")
  @Operation(
      summary =
          "\"I did not ask for this\": cancel a pending reset with the emailed single-use token;"
              + " password login works again with the old password")
  Mono<Message> passwordResetCancel(@Valid @RequestBody AuthRequests.PasswordResetCancel body) {
    return accounts
        .cancelPasswordReset(body.token())
        .thenReturn(new Message("the password reset is cancelled; your password is unchanged"));
  }

  @PostMapping(path = "/password-confirm", consumes = "application/json")
  @Operation(
      summary =
          "Set a new password with the emailed reset code; ends every session and personal access"
              + " token")
  Mono<Message> passwordConfirm(@Valid @RequestBody AuthRequests.PasswordConfirm body) {
    return accounts
        .confirmPasswordReset(body.username(), body.verificationCode(), body.password())
        .thenReturn(new Message("password changed; log in with the new password"));
  }

  @PostMapping(path = "/password-change", consumes = "application/json")
  @SecurityRequirement(name = "bearer")
  @Operation(
      summary =
          "Change the caller's password; ends the caller's other sessions; needs a recent login (step-up)")
  @StepUpRequired(StepUpPolicy.Operation.CHANGE_PASSWORD)
  Mono<Message> passwordChange(
      Principal caller, @Valid @RequestBody AuthRequests.PasswordChange body) {
    return stepUp
        .require(caller, StepUpPolicy.Operation.CHANGE_PASSWORD)
        .then(Mono.defer(() -> notices.around(
            caller.uId(),
            caller.sessionId(),
            accounts.changePassword(caller, body.passwordExisting(), body.passwordNew()))))
        .thenReturn(new Message("password changed"));
  }

  @PostMapping(path = "/logout")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @SecurityRequirement(name = "bearer")
  @Operation(summary = "End the session of the given refresh token, or the caller's own")
  Mono<Void> logout(
      Principal caller, @Valid @RequestBody(required = false) AuthRequests.@Nullable Logout body) {
    String refresh = body == null ? null : body.refreshToken();
    String family = caller.sessionId();
    // relying parties signed in through the caller's own session hear that it ended (back-channel
    // logout)
    return sessions
        .logout(caller, refresh)
        .then(
            refresh == null || refresh.isBlank()
                ? family == null ? Mono.empty() : logout.sessionEnded(caller.uId(), family)
                : Mono.empty());
  }

  @GetMapping("/me")
  @SecurityRequirement(name = "bearer")
  @Operation(operationId = "authGetMe", summary = "The caller's account, groups and organisations")
  Mono<AccountService.Me> me(Principal caller) {
    return accounts.me(caller);
  }

  private static boolean blank(@Nullable String s) {
    return s == null || s.isBlank();
  }
}
