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
    "the consent pages in a real browser (Chromium): consent link, shares, who saw my data, OIDC consent")
class ConsentPagesIT extends KithIT {

  @Test
  @DisplayName(
      "consent names the application and organisation, offers only what it asks for, in plain words; keyboard-only"
          + " Deny and Allow; shares per application and per object; withdraw after a confirmation; who saw my"
          + " data; the OIDC consent page; axe finds nothing serious")
  @SuppressWarnings("unchecked")
  void pages() {
    User bank = newUser("consent-bank");
    String orgId = organisation(bank.token(), "Harbour Holdings", "org@harbour.example");
    String callback = "https://harbour.example/callback";
    Map<?, ?> app = post(
            "/v1/aa/applications",
            bank.token(),
            Map.of(
                "name",
                "Harbour Bank",
                "org_id",
                orgId,
                "description",
                "Opens accounts",
                "scopes",
                List.of("kyc", "email", "ss_NZ_Person"),
                "callback_uri",
                List.of(callback)))
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    Path screenshots = Path.of("target", "screenshots").toAbsolutePath();
    Map<String, Object> input = new java.util.HashMap<>();
    input.put("base", "http://localhost:" + PORT);
    input.put("mail_dir", DATA_DIR.resolve("mail").toString());
    input.put("screenshots", screenshots.toString());
    input.put("a_id", app.get("a_id"));
    input.put("app_name", "Harbour Bank");
    input.put("org_name", "Harbour Holdings");
    input.put("app_token", bank.token());
    input.put("authorize_path", ProviderEndpoints.AUTHORIZE);
    input.put("client_id", app.get("key"));
    input.put("callback", callback);
    Map<String, Object> result = NodeInterop.run("consent-pages.mjs", input);
    Map<String, Object> checks = (Map<String, Object>) result.get("checks");
    assertThat(checks)
        .as("checks (screenshots in %s): %s", screenshots, result)
        .isNotNull()
        .containsOnlyKeys(
            "consent names the application and its organisation",
            "consent offers only the objects the application asks for, preselected",
            "consent says what the application will receive in plain words",
            "keyboard only: Deny shares nothing and says so",
            "keyboard only: pick with Space, Allow with Enter; told where to see and withdraw it",
            "My shares: grouped by application, what each receives, since when, in plain words",
            "Shared with, per object: the application, since when, withdraw",
            "who saw my data, in plain words and locale dates",
            "withdraw asks first, then says the application lost access at once",
            "authorize: names the application and organisation, what it will receive, plain words",
            "authorize, keyboard only: Deny with Enter tells the application no",
            "authorize, keyboard only: Allow with Enter sends a code",
            "in German: the consent link speaks German, dates as Germans write them");
    Map<String, Object> failed = new java.util.LinkedHashMap<>(checks);
    failed.values().removeIf("ok"::equals);
    assertThat(failed).as("failed checks (screenshots in %s)", screenshots).isEmpty();
    Map<String, List<Map<String, Object>>> axe =
        (Map<String, List<Map<String, Object>>>) result.get("axe");
    assertThat(axe).containsKeys("link", "allowed", "shares", "object", "seen", "authorize");
    axe.forEach((view, violations) -> assertThat(violations)
        .as("axe on %s", view)
        .noneMatch(v -> List.of("serious", "critical").contains(v.get("impact"))));
    assertThat(result).containsEntry("ok", true);
  }
}
