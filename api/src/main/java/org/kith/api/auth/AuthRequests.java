package org.kith.api.auth;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Request bodies of the {@code /v1/auth} routes (JSON fields are snake_case). */
final class AuthRequests {
  private AuthRequests() {}

  static final String CODE = "\\d{6}";

  record Signup(
      @NotBlank @Email @Size(max = 254) String username,
      @NotNull @Size(max = 1024) String password,
      @Nullable @Size(max = 100) String verificationCodeOrg) {}

  record Verify(
      @NotBlank @Email @Size(max = 254) String username,

      @NotNull @Pattern(regexp = CODE, message = "must be the 6-digit code from the email")
      String verificationCode) {}

  record Token(
      @NotBlank @Size(max = 64) String grantType,
      @Nullable @Size(max = 254) String username,
      @Nullable @Size(max = 1024) String password,
      @Nullable @Size(max = 512) String refreshToken,
      @Nullable @Size(max = 100) String clientId,
      @Nullable @Size(max = 200) String clientSecret,
      @Nullable @Size(max = 512) String mfaToken,
      @Nullable @Size(max = 64) String otp,
      @Nullable @Size(max = 16) Map<String, Object> credential) {}

  record TotpConfirm(
      @NotNull @Pattern(regexp = CODE, message = "must be the 6-digit code of the app")
      String code) {}

  record TotpRemove(
      @Nullable @Size(max = 1024) String password,
      @Nullable @Size(max = 64) String code) {}

  record PasswordReset(@NotBlank @Email @Size(max = 254) String username) {}

  record PasswordResetCancel(@NotBlank @Size(max = 200) String token) {}

  record PasswordConfirm(
      @NotBlank @Email @Size(max = 254) String username,

      @NotNull @Pattern(regexp = CODE, message = "must be the 6-digit code from the email")
      String verificationCode,

      @NotNull @Size(max = 1024) String password) {}

  record PasswordChange(
      @NotNull @Size(max = 1024) String passwordExisting,
      @NotNull @Size(max = 1024) String passwordNew) {}

  record Logout(@Nullable @Size(max = 512) String refreshToken) {}

  record CreatePersonalAccessToken(
      @NotBlank @Size(max = 100) String name,
      @NotEmpty @Size(max = 8) List<@NotBlank String> scopes,
      @Nullable Integer expiresInDays) {}
}
