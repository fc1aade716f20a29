package org.kith.api.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.api.KithIT;
import org.kith.api.NodeInterop;
import org.kith.extraction.clarity.SyntheticCards;

@DisplayName(
    "the person's data pages in a real browser (Chromium): forms from the schema, edit, delete, scan review")
class DataPagesIT extends KithIT {

  @Test
  @DisplayName(
      "only writable schemas, human words, errors linked to fields, nothing typed lost, one object per Save,"
          + " edit, delete after a confirmation, upload with preview, honest checks, keyboard only; axe clean")
  @SuppressWarnings("unchecked")
  void dataPages() throws Exception {
    String username = newUsername("data-pages");
    signupVerified(username);
    Path image = Files.createTempFile("kith-doc-", ".jpg");
    Files.write(image, SyntheticCards.jpeg(SyntheticCards.card(SyntheticCards.person(2)), 0.85f));
    Path screenshots = Path.of("target", "screenshots").toAbsolutePath();
    Map<String, Object> result = NodeInterop.run(
        "data-pages.mjs",
        Map.of(
            "base",
            "http://127.0.0.1:" + PORT,
            "username",
            username,
            "password",
            PASSWORD,
            "image",
            image.toString(),
            "screenshots",
            screenshots.toString()));
    Map<String, String> checks = (Map<String, String>) result.get("checks");
    assertThat(checks)
        .as("data pages (screenshots in %s): %s", screenshots, result)
        .containsOnlyKeys(
            "add offers only the schemas a person may write",
            "the form speaks human: labels, hints, required, no errors before typing",
            "errors: a summary linked to the fields, aria-invalid and aria-describedby, human words",
            "the last field typed is kept when Save is clicked at once",
            "Save is idempotent: a double click saves one object",
            "the list shows human names, values and dates, with edit, delete and shared-with links",
            "edit a saved object",
            "delete asks first, then deletes",
            "a document is an upload with a preview",
            "scan review: a check not made or not passed is never shown as passed",
            "keyboard only: add an address with Tab, arrows, Space and Enter");
    assertThat(checks)
        .as("%s", result)
        .allSatisfy((name, outcome) -> assertThat(outcome).as(name).isEqualTo("pass"));
    Map<String, List<?>> axe = (Map<String, List<?>>) result.get("axe");
    assertThat(axe)
        .containsKeys(
            "add: choose", "add: errors", "add: upload", "data list", "edit", "scan review");
    axe.values().forEach(violations -> assertThat(violations).isEmpty());
    assertThat(screenshots.resolve("data-list.png")).exists();
  }
}
