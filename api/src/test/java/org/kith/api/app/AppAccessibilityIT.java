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
    "every view of the app passes axe, with a screenshot each; sign-up works with the keyboard alone")
class AppAccessibilityIT extends KithIT {
  static final List<String> VIEWS = List.of(
      "start",
      "signup",
      "verify",
      "login",
      "second-step",
      "data",
      "add",
      "scan",
      "shares",
      "seen",
      "account",
      "consent",
      "authorize",
      "end-session",
      "account-de");

  @Test
  @DisplayName(
      "axe finds no serious or critical violation on any view; screenshots in target/screenshots; keyboard sign-up")
  @SuppressWarnings("unchecked")
  void everyView() {
    Path screenshots = Path.of("target", "screenshots").toAbsolutePath();
    String callback = "https://kea.example/callback";
    Map<?, ?> app = post(
            "/v1/aa/applications",
            adminToken(),
            Map.of(
                "name",
                "Kea Insurance",
                "description",
                "Insures homes and cars",
                "scopes",
                List.of("kyc"),
                "callback_uri",
                List.of(callback)))
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    Map<String, Object> result = NodeInterop.run(
        "app-a11y.mjs",
        Map.of(
            "base",
            "http://127.0.0.1:" + PORT,
            "mail_dir",
            DATA_DIR.resolve("mail").toString(),
            "screenshots",
            screenshots.toString(),
            "a_id",
            app.get("a_id"),
            "client_id",
            app.get("key"),
            "callback",
            callback,
            "authorize_path",
            ProviderEndpoints.AUTHORIZE));
    assertThat(result)
        .as("accessibility run (screenshots in %s): %s", screenshots, result)
        .containsEntry("ok", true);
    Map<String, List<?>> views = (Map<String, List<?>>) result.get("views");
    assertThat(views).containsOnlyKeys(VIEWS);
    views.forEach((view, violations) -> assertThat(violations).as(view).isEmpty());
    for (String view : VIEWS) {
      assertThat(screenshots.resolve(view + ".png")).as(view).isNotEmptyFile();
    }
    assertThat(result).as("German chosen on the page and kept").containsEntry("language", "de");
    assertThat((List<String>) result.get("keyboard"))
        .containsExactly(
            "the skip link",
            "the skip link moves the focus to the content",
            "the Sign up link",
            "the email field",
            "the password field",
            "the Sign up button",
            "the code field",
            "the password field of the login",
            "signed up, verified and logged in with the keyboard alone");
  }
}
