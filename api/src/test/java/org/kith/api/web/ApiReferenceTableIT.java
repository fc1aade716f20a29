package org.kith.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("docs/raytio.md maps every operation, and every route it lists is served")
class ApiReferenceTableIT extends DocumentedAnswers {
  private static final Path PAGE = Path.of("..", "docs", "raytio.md");
  private static final Set<String> STATUSES =
      Set.of("implemented", "differs", "not yet", "out of scope", "addition");
  private static final Set<String> SERVED = Set.of("implemented", "differs", "addition");
  private static final Pattern ROUTE = Pattern.compile("`(GET|POST|PUT|DELETE|PATCH) (/[^`]*)`");

  /** One table row: the routes it names and its status. */
  record Row(String text, List<String> routes, String status) {}

  private static String normal(String route) {
    return route.replaceAll("\\{[^}]+}", "{}");
  }

  private static List<Row> rows() throws Exception {
    List<Row> rows = new ArrayList<>();
    for (String line : Files.readAllLines(PAGE)) {
      if (!line.startsWith("| ")
          || line.startsWith("| Operation")
          || line.startsWith("| Kith route")) {
        continue;
      }
      String[] cells = line.split("(?<!\\\\)\\|", -1);
      // | reference | route | status | notes |, or | route | status | notes | for additions
      boolean addition = cells.length == 5 && cells[2].strip().equals("addition");
      String routeCell = addition ? cells[1] : cells[2];
      String status = (addition ? cells[2] : cells[3]).strip();
      List<String> routes = new ArrayList<>();
      Matcher m = ROUTE.matcher(routeCell);
      while (m.find()) {
        routes.add(m.group(1) + " " + normal(m.group(2)));
      }
      rows.add(new Row(line, routes, status));
    }
    return rows;
  }

  private Set<String> served() {
    Set<String> out = new TreeSet<>();
    doc.get("paths")
        .properties()
        .forEach(p -> p.getValue()
            .properties()
            .forEach(o -> out.add(o.getKey().toUpperCase(Locale.ROOT) + " " + normal(p.getKey()))));
    return out;
  }

  @Test
  @DisplayName(
      "each row has a known status; served rows name routes the server has, the others name none")
  void rowsAgreeWithTheDocument() throws Exception {
    List<Row> rows = rows();
    assertThat(rows).hasSizeGreaterThan(100);
    Set<String> served = served();
    for (Row row : rows) {
      assertThat(STATUSES).as(row.text()).contains(row.status());
      if (SERVED.contains(row.status())) {
        assertThat(row.routes()).as(row.text()).isNotEmpty();
        assertThat(served).as(row.text()).containsAll(row.routes());
      } else {
        assertThat(row.routes()).as(row.text()).isEmpty();
      }
    }
  }

  @Test
  @DisplayName("every operation of the OpenAPI document is on the page")
  void documentIsOnThePage() throws Exception {
    Set<String> listed = new TreeSet<>();
    rows().forEach(r -> listed.addAll(r.routes()));
    assertThat(listed).containsAll(served());
  }
}
