package org.kith.api.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.kith.core.account.Principal;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST /v1/convert/json-to-csv} and {@code POST /v1/convert/csv-to-json}: a signed-in caller's JSON objects as
 * CSV and back ({@link FlatCsv}). Nothing is stored or read, so no permission is asked; the size of a conversion is
 * bounded (the request body by the server's limit, rows, columns and nesting by {@link FlatCsv.Limits}).
 */
@RestController
@RequestMapping(path = "/v1/convert")
@SecurityRequirement(name = "bearer")
final class ConvertController {
  static final FlatCsv.Limits LIMITS = new FlatCsv.Limits(10_000, 1_000, 32);
  private static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

  private final FlatCsv csv = new FlatCsv(LIMITS);

  /** The objects to write as CSV rows. */
  record JsonToCsv(@NotNull List<JsonNode> json) {}

  /** CSV text whose first line names the columns. */
  record CsvToJson(@NotNull String csv) {}

  @PostMapping(path = "/json-to-csv", consumes = "application/json", produces = "text/csv")
  @Operation(
      operationId = "convertJsonToCsv",
      summary =
          "JSON objects as CSV (RFC 4180): one row per object, nested fields as dotted columns (address.city),"
              + " array elements as [i]; a text that would read as a number, true/false/null, is empty or starts"
              + " like a spreadsheet formula is written as a JSON string (\"123\"), so csv-to-json gives the same"
              + " objects back. At most 10,000 objects, 1,000 columns, 32 levels")
  Mono<ResponseEntity<String>> jsonToCsv(Principal caller, @Valid @RequestBody JsonToCsv body) {
    return Mono.fromCallable(() -> ResponseEntity.ok()
        .cacheControl(CacheControl.noStore())
        .contentType(CSV)
        .body(csv.toCsv(body.json())));
  }

  @PostMapping(path = "/csv-to-json", consumes = "application/json", produces = "application/json")
  @Operation(
      operationId = "convertCsvToJson",
      summary =
          "CSV (first line the column names, as json-to-csv writes them) as an array of JSON objects; an empty"
              + " cell is a field the row does not have. Malformed CSV is a 400 problem naming the line")
  Mono<ResponseEntity<List<ObjectNode>>> csvToJson(
      Principal caller, @Valid @RequestBody CsvToJson body) {
    return Mono.fromCallable(() ->
        ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(csv.toJson(body.csv())));
  }
}
