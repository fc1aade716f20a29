package org.kith.api.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.api.KithIT;
import org.kith.api.NodeInterop;
import org.kith.api.oidc.ProviderEndpoints;

@DisplayName(
    "the account page and the login's second step in a real browser (Chromium, virtual authenticator)")
class AccountPagesIT extends KithIT {

  @Test
  @DisplayName(
      "TOTP from the account page, code and recovery-code logins, OIDC login, step-up, passkey, withdraw,"
          + " sessions, export, erasure; axe finds nothing")
  @SuppressWarnings("unchecked")
  void journey() {
    Path screenshots = Path.of("target", "playwright").toAbsolutePath();
    String callback = "https://rp.example/callback";
    Map<?, ?> app = post(
            "/v1/aa/applications",
            adminToken(),
            Map.of("name", "Harbour Bank", "callback_uri", List.of(callback)))
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    // localhost: the passkeys' relying party origin
    Map<String, Object> result = NodeInterop.run(
        "account-security.mjs",
        Map.of(
            "base",
            "http://localhost:" + PORT,
            "mail_dir",
            DATA_DIR.resolve("mail").toString(),
            "screenshots",
            screenshots.toString(),
            "authorize_path",
            ProviderEndpoints.AUTHORIZE,
            "client_id",
            app.get("key"),
            "callback",
            callback,
            "app_name",
            "Harbour Bank"));
    assertThat(result)
        .as("account journey (screenshot on failure in %s): %s", screenshots, result)
        .containsEntry("ok", true);
    assertThat((List<String>) result.get("steps"))
        .containsExactly(
            "sign up, verify and log in",
            "the account page shows the profile and passes axe",
            "turn on an authenticator app from the account page",
            "log in through the login page with the code of the app",
            "log in through the OpenID Connect login page with the code of the app",
            "log in with a recovery code, once",
            "a step-up challenge asks to sign in again, then finishes the export",
            "export the profile objects as CSV",
            "add and rename a passkey",
            "withdraw what was shared with the relying party, after a confirmation",
            "sign in with the passkey",
            "list sessions, sign one out, then all others",
            "delete the passkey and remove the authenticator app, each after a confirmation",
            "delete the account");
    Map<String, List<?>> axe = (Map<String, List<?>>) result.get("axe");
    assertThat(axe).containsKeys("account page", "second step", "second step with an error");
    axe.values().forEach(violations -> assertThat(violations).isEmpty());
  }
}
