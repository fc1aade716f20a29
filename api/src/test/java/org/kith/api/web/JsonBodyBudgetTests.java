package org.kith.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("JSON outside documents keeps the small limit on routes that carry documents")
class JsonBodyBudgetTests {
  private static final int JSON_LIMIT = 10_000;
  private static final int TOTAL_LIMIT = 1_000_000;

  /** Feeds the body in chunks of {@code chunk} bytes; answers whether every chunk was accepted. */
  private static boolean accepted(String body, int chunk) {
    JsonBodyBudget budget = new JsonBodyBudget(JSON_LIMIT, TOTAL_LIMIT);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    for (int at = 0; at < bytes.length; at += chunk) {
      if (!budget.accept(
          ByteBuffer.wrap(Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + chunk))))) {
        return false;
      }
    }
    return true;
  }

  private static String big(int n) {
    return "A".repeat(n);
  }

  @Test
  @DisplayName("documents' content may be large, in one object, a batch, or the Clarity fields")
  void documents() {
    for (int chunk : new int[] {1, 7, 8_192, 1 << 20}) {
      assertThat(accepted(
              "{\"schema\":\"ss_File\",\"properties\":{\"filename\":\"a\"},\"document\":{\"content\":\""
                  + big(200_000) + "\",\"type\":\"image/png\"}}",
              chunk))
          .as("chunk %d", chunk)
          .isTrue();
      assertThat(accepted(
              "[{\"document\":{\"type\":\"x\",\"content\":\"" + big(100_000) + "\"}},{\"document\":"
                  + "{\"content\":\"" + big(100_000) + "\"}}]",
              chunk))
          .isTrue();
      assertThat(
              accepted("{\"file\":{\"data\":\"" + big(300_000) + "\"},\"model_id\":\"m\"}", chunk))
          .isTrue();
      assertThat(accepted("{\"image\":{\"data\":\"" + big(300_000) + "\"}}", chunk))
          .isTrue();
      assertThat(accepted(
              "{\"form_data\":[\"" + big(100_000) + "\", \"" + big(100_000) + "\"]}", chunk))
          .isTrue();
    }
  }

  @Test
  @DisplayName("anything else over the JSON limit is refused, whatever its name or the chunking")
  void everythingElse() {
    for (int chunk : new int[] {1, 7, 8_192, 1 << 20}) {
      assertThat(accepted(
              "{\"schema\":\"ss_File\",\"properties\":{\"filename\":\"" + big(20_000) + "\"}}",
              chunk))
          .as("chunk %d", chunk)
          .isFalse();
      assertThat(accepted("{\"properties\":{\"content\":\"" + big(20_000) + "\"}}", chunk))
          .isFalse();
      assertThat(accepted("{\"content\":\"" + big(20_000) + "\"}", chunk)).isFalse();
      assertThat(accepted("{\"document\":{\"content\":\"x\",\"" + big(20_000) + "\":1}}", chunk))
          .isFalse();
      assertThat(accepted(
              "{\"document\":{\"content\":\"x\",\"type\":\"" + big(20_000) + "\"}}", chunk))
          .isFalse();
      assertThat(accepted("{\"file\":{\"data\":{\"nested\":\"" + big(20_000) + "\"}}}", chunk))
          .isFalse();
      assertThat(accepted("{\"form_data\":[[\"" + big(20_000) + "\"]]}", chunk)).isFalse();
      assertThat(accepted("[" + "{\"document\":{\"content\":\"x\"}},".repeat(1_000) + "{}]", chunk))
          .isFalse();
      assertThat(accepted("{\"document\":{\"content\":\"x\"}} " + big(20_000), chunk))
          .as("malformed")
          .isFalse();
    }
  }
}
