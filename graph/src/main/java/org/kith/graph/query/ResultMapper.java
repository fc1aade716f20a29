package org.kith.graph.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.kith.core.query.GuardDefect;
import org.neo4j.driver.Record;

/** Rows as lists of JSON-ready values, each entity checked against the visible set. */
final class ResultMapper {
  private final Map<Long, String> visible;
  private long cells;
  static final long MAX_CELLS = 2_000_000;

  ResultMapper(Map<Long, String> visible) {
    this.visible = visible;
  }

  List<Object> row(Record record, List<String> columns) {
    List<Object> row = new ArrayList<>(columns.size());
    for (String column : columns) {
      row.add(ResultValues.map(record.get(column), this));
    }
    return row;
  }

  /** The public id of a visible entity; a {@link GuardDefect} for anything else. */
  String publicId(long nodeId, String what) {
    count();
    if (!visible.containsKey(nodeId)) {
      throw new GuardDefect("a result held " + what + " outside the caller's visible set");
    }
    String id = visible.get(nodeId);
    return id == null ? "" : id;
  }

  void count() {
    if (++cells > MAX_CELLS) {
      throw new QueryRejected("the result is too large; return fewer values or add a LIMIT");
    }
  }
}
