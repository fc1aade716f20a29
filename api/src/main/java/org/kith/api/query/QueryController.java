package org.kith.api.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.kith.core.account.Principal;
import org.kith.core.query.QueryService;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code POST /v1/db/query}. */
@RestController
@SecurityRequirement(name = "bearer")
final class QueryController {
  private final QueryService queries;

  QueryController(QueryService queries) {
    this.queries = queries;
  }

  /** The request: Cypher text, its parameters, and at most how many rows to return (default 1,000). */
  record QueryRequest(
      @Nullable String query,
      @Nullable Map<String, Object> params,
      @Nullable Integer limit) {}

  /** Columns, rows, and whether rows were cut at the limit. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record QueryResponse(List<String> columns, List<List<Object>> rows, boolean truncated) {}

  @PostMapping(path = "/v1/db/query", consumes = "application/json", produces = "application/json")
  @Operation(
      operationId = "analystQueryRun",
      summary = "Run read-only Cypher over exactly what you may see",
      description =
          "Every node the query can bind must be visible to you (a permission on it, your own user node"
              + " and groups); writes, procedures, admin commands and -[*]-> are refused with a reason. Nodes come as"
              + " {n_id, labels, properties}, relationships as {p_id, type, start, end, properties}, paths as lists."
              + " At most `limit` rows (default 1,000, max 10,000); `truncated` says more existed. 10 s time limit.")
  Mono<QueryResponse> query(Principal caller, @RequestBody QueryRequest body) {
    return queries
        .query(caller.uId(), body.query(), body.params(), body.limit())
        .map(r -> new QueryResponse(r.columns(), r.rows(), r.truncated()));
  }
}
