package org.kith.api.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.api.KithIT;
import org.kith.api.NodeInterop;
import org.kith.extraction.clarity.SyntheticCards;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;

@DisplayName("the onboarding app in a real browser (Chromium, phone-sized)")
class OnboardingAppIT extends KithIT {
  @LocalServerPort
  int port;

  @Test
  @DisplayName(
      "sign up, verify, log in, add data, scan an ID, share, see who read it, withdraw, log out")
  @SuppressWarnings("unchecked")
  void journey() throws Exception {
    String admin = adminToken();
    // a public Clarity model for the card, as a deployment would ship
    List<Map<String, Object>> components = new ArrayList<>();
    SyntheticCards.FIELDS.forEach((name, b) -> components.add(
        Map.of("name", name, "type", "text", "x1", b[0], "y1", b[1], "x2", b[2], "y2", b[3])));
    Map<String, Object> train = new LinkedHashMap<>();
    train.put(
        "image",
        Base64.getEncoder()
            .encodeToString(SyntheticCards.png(SyntheticCards.card(SyntheticCards.person(0)))));
    train.put("name", "NZ_DL_APP_TEST");
    train.put("anchor_a", SyntheticCards.ANCHOR_A);
    train.put("anchor_c", SyntheticCards.ANCHOR_C);
    train.put("components", components);
    Map<String, Object> model = (Map<String, Object>) post("/v1/clarity/train", admin, train)
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody()
        .get("properties");
    String modelId = (String) ((Map<String, Object>) post(
                "/v1/db/profile-objects",
                admin,
                Map.of("schema", "ss_Clarity_Model_01", "properties", model))
            .expectStatus()
            .isCreated()
            .expectBody(List.class)
            .returnResult()
            .getResponseBody()
            .get(0))
        .get("n_id");
    post("/v1/db/permissions/" + modelId, admin, Map.of("g_id", "PUBLIC", "permission", "VIEWS"))
        .expectStatus()
        .isOk();
    String aId = (String) post(
            "/v1/aa/applications",
            admin,
            Map.of(
                "name",
                "Harbour Bank",
                "scopes",
                List.of("kyc"),
                "description",
                "Opens accounts",
                "callback_uri",
                List.of("https://harbour.example/callback")))
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody()
        .get("a_id");

    SyntheticCards.Person person = SyntheticCards.person(5);
    Path image = Files.createTempFile("kith-id-", ".jpg");
    Files.write(
        image,
        SyntheticCards.jpeg(
            SyntheticCards.photograph(SyntheticCards.card(person), 0.9, 3, 20, -10, 3, 5), 0.85f));
    Map<String, String> expected = new LinkedHashMap<>(person.fields());
    for (String date : List.of("date_of_birth", "expiry_date")) {
      String[] d = expected.get(date).split("-");
      expected.put(date, d[2] + "-" + d[1] + "-" + d[0]);
    }
    Path screenshots = Path.of("target", "playwright").toAbsolutePath();
    Map<String, Object> result = NodeInterop.run(
        "app-journey.mjs",
        Map.of(
            "base",
            "http://127.0.0.1:" + port,
            "mail_dir",
            DATA_DIR.resolve("mail").toString(),
            "image",
            image.toString(),
            "expected",
            expected,
            "a_id",
            aId,
            "app_name",
            "Harbour Bank",
            "admin_token",
            admin,
            "screenshots",
            screenshots.toString()));
    assertThat(result)
        .as("journey (screenshot on failure in %s): %s", screenshots, result)
        .containsEntry("ok", true);
    assertThat((List<String>) result.get("steps"))
        .contains(
            "withdraw", "log out", "recipient after withdrawal sees 0 objects, state Withdrawn");
    assertThat((List<?>) result.get("third_party_requests")).isEmpty();
  }

  @Test
  @DisplayName("the app is served with a policy that allows nothing from other sites")
  void securityHeaders() {
    http.get()
        .uri("/app/")
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueMatches("Content-Security-Policy", ".*default-src 'self'.*")
        .expectHeader()
        .valueEquals("X-Content-Type-Options", "nosniff")
        .expectBody(String.class)
        .value(body -> assertThat(body).contains("<main id=\"main\""));
    http.get()
        .uri("/app")
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueMatches("Content-Security-Policy", ".*default-src 'self'.*");
    http.get()
        .uri("/app/forms.css")
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueMatches("Content-Security-Policy", ".*default-src 'self'.*");
  }

  @Test
  @DisplayName(
      "the app's pages have real addresses: each serves the app's page with the policy, files stay files, / is a"
          + " start page")
  void realAddresses() {
    for (String path :
        List.of("/", "/app/data", "/app/consent?a_id=x", "/app/authorize?request=r", "/app/a/b")) {
      http.get()
          .uri(path)
          .exchange()
          .expectStatus()
          .isOk()
          .expectHeader()
          .contentTypeCompatibleWith(MediaType.TEXT_HTML)
          .expectHeader()
          .valueMatches("Content-Security-Policy", ".*default-src 'self'.*")
          .expectBody(String.class)
          .value(body -> assertThat(body).contains("<main id=\"main\""));
    }
    http.get()
        .uri("/app/app.js")
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueMatches("Content-Type", ".*javascript.*")
        .expectHeader()
        .valueMatches("Content-Security-Policy", ".*default-src 'self'.*");
    http.get().uri("/app/missing.png").exchange().expectStatus().isNotFound();
    http.get().uri("/v1/nothing-here").exchange().expectStatus().isNotFound();
  }
}
