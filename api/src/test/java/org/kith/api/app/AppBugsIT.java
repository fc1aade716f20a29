package org.kith.api.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.api.KithIT;
import org.kith.api.NodeInterop;

@DisplayName("the app's shell in a real browser: the bugs issue 23 found, each checked")
class AppBugsIT extends KithIT {

  @Test
  @DisplayName(
      "start page, deep links through login and sign-up, messages, verification tries, silent refresh,"
          + " the password length")
  @SuppressWarnings("unchecked")
  void bugs() {
    Path screenshots = Path.of("target", "screenshots").toAbsolutePath();
    String aId = (String) post(
            "/v1/aa/applications",
            adminToken(),
            Map.of(
                "name",
                "Tui Credit Union",
                "scopes",
                List.of("kyc"),
                "callback_uri",
                List.of("https://tui.example/callback")))
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody()
        .get("a_id");
    Map<String, Object> result = NodeInterop.run(
        "app-bugs.mjs",
        Map.of(
            "base",
            "http://127.0.0.1:" + PORT,
            "mail_dir",
            DATA_DIR.resolve("mail").toString(),
            "a_id",
            aId,
            "app_name",
            "Tui Credit Union",
            "hash",
            false,
            "screenshots",
            screenshots.toString()));
    Map<String, String> checks = (Map<String, String>) result.get("checks");
    assertThat(checks).as("checks (screenshots of failures in %s)", screenshots).hasSize(9);
    assertThat(checks.values()).as("checks: %s", checks).containsOnly("ok");
  }
}
