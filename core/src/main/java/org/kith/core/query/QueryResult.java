package org.kith.core.query;

import java.util.List;

/**
 * Columns and rows of an analyst query. Values are JSON-ready: nodes as {@code {n_id, labels, properties}},
 * relationships as {@code {p_id, type, start, end, properties}}, paths as lists of both.
 *
 * @param truncated whether the query had more rows than the limit
 */
public record QueryResult(List<String> columns, List<List<Object>> rows, boolean truncated) {
  public QueryResult {
    columns = List.copyOf(columns);
    rows = List.copyOf(rows);
  }
}
