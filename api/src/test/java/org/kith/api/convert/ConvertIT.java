package org.kith.api.convert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.api.KithIT;
import org.springframework.http.MediaType;

@DisplayName("POST /v1/convert: JSON objects to CSV and back")
class ConvertIT extends KithIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  @DisplayName("json-to-csv answers RFC 4180 CSV that csv-to-json turns back into the same objects")
  void roundTrip() throws Exception {
    String token = newUser("convert").token();
    JsonNode objects = JSON.readTree(
        "[{\"given_names\":\"Sophie Anne\",\"address\":{\"city\":\"Wellington\",\"lines\":[\"1 Main St, Te Aro\"]},"
            + "\"age\":41,\"verified\":true,\"note\":\"=HYPERLINK(\\\"x\\\")\"},"
            + "{\"given_names\":\"Ben \\\"Jr\\\"\",\"phone\":\"021\\n555\",\"code\":\"12\"}]");
    String csv = post("/v1/convert/json-to-csv", token, Map.of("json", objects))
        .expectStatus()
        .isOk()
        .expectHeader()
        .contentTypeCompatibleWith(new MediaType("text", "csv"))
        .expectHeader()
        .valueEquals("Cache-Control", "no-store")
        .expectBody(String.class)
        .returnResult()
        .getResponseBody();
    assertThat(csv)
        .startsWith("given_names,address.city,address.lines[0],age,verified,note,phone,code\r\n")
        .contains("\"1 Main St, Te Aro\"")
        .contains("\"\"\"=HYPERLINK(\\\"\"x\\\"\")\"\"\"") // a formula is written as a JSON string
        .contains("\"\"\"12\"\"\""); // text that reads as a number stays text
    JsonNode back = JSON.readTree(post("/v1/convert/csv-to-json", token, Map.of("csv", csv))
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .returnResult()
        .getResponseBody());
    assertThat(back).isEqualTo(objects);
  }

  @Test
  @DisplayName(
      "malformed CSV is a 400 problem naming the line; bad JSON items are 400; no token is 401")
  void refusals() {
    String token = newUser("convert-bad").token();
    post("/v1/convert/csv-to-json", token, Map.of("csv", "a,b\n1,2\n3,4,5\n"))
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.detail")
        .value(d -> assertThat((String) d).contains("line 3"));
    post("/v1/convert/csv-to-json", token, Map.of("csv", "a\n\"open\n"))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.detail")
        .value(d -> assertThat((String) d).contains("line 2"));
    post("/v1/convert/json-to-csv", token, Map.of("json", List.of(1, 2)))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.detail")
        .value(d -> assertThat((String) d).contains("is an object"));
    post("/v1/convert/json-to-csv", token, Map.of("rows", List.of()))
        .expectStatus()
        .isBadRequest();
    post("/v1/convert/json-to-csv", Map.of("json", List.of(Map.of("a", 1))))
        .expectStatus()
        .isUnauthorized();
  }
}
