package org.kith.api.convert;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.kith.core.Rejected;

/**
 * JSON objects ↔ CSV (RFC 4180, CRLF line ends, fields quoted only when they need it) with Jackson's CSV dataformat:
 * one row per object, one column per field path ({@link CsvPaths}: nested objects flattened with dotted headers,
 * array elements as {@code [i]}), cells as {@link CsvCells} writes them, so that CSV → JSON gives back exactly the
 * objects that JSON → CSV was given. Sizes are bounded by {@link Limits}.
 */
final class FlatCsv {
  /** The most rows, columns and nesting levels one conversion handles. */
  record Limits(int rows, int columns, int depth) {}

  private static final CsvMapper CSV = CsvMapper.builder()
      .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
      .enable(CsvParser.Feature.WRAP_AS_ARRAY)
      .build();
  private static final CsvSchema LINES = CsvSchema.emptySchema().withLineSeparator("\r\n");

  private final Limits limits;

  FlatCsv(Limits limits) {
    this.limits = limits;
  }

  /** The CSV of {@code rows}, each a JSON object; the header line names the union of their fields' paths. */
  String toCsv(List<JsonNode> rows) {
    if (rows.size() > limits.rows()) {
      throw Rejected.invalid("/json", "at most " + limits.rows() + " objects in one conversion");
    }
    Map<String, Integer> columns = new LinkedHashMap<>();
    List<Map<String, String>> cells = new ArrayList<>(rows.size());
    for (int r = 0; r < rows.size(); r++) {
      JsonNode row = rows.get(r);
      if (row == null || !row.isObject()) {
        throw Rejected.invalid("/json/" + r, "each item of json is an object");
      }
      Map<String, String> flat = new LinkedHashMap<>();
      flatten(row, "", 0, flat, "/json/" + r);
      for (String path : flat.keySet()) {
        columns.putIfAbsent(path, columns.size());
        if (columns.size() > limits.columns()) {
          throw Rejected.invalid(
              "/json", "at most " + limits.columns() + " distinct fields (CSV columns)");
        }
      }
      cells.add(flat);
    }
    if (columns.isEmpty()) {
      // no field in any row: an empty header line, an empty line per row (nothing for no rows)
      return rows.isEmpty() ? "" : "\r\n".repeat(rows.size() + 1);
    }
    if (columns.size() == 1 && columns.containsKey("")) {
      // a line with one empty field is an empty line in CSV: the column would read back as no
      // column at all
      throw Rejected.invalid(
          "/json",
          "a field with an empty name cannot be the only CSV column (it reads as an empty line)");
    }
    List<String[]> lines = new ArrayList<>(rows.size() + 1);
    lines.add(columns.keySet().toArray(String[]::new));
    for (Map<String, String> flat : cells) {
      String[] line = new String[columns.size()];
      columns.forEach((path, i) -> line[i] = flat.getOrDefault(path, ""));
      lines.add(line);
    }
    StringWriter out = new StringWriter();
    try (SequenceWriter writer = CSV.writerFor(String[].class).with(LINES).writeValues(out)) {
      writer.writeAll(lines);
      writer.flush();
      return out.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void flatten(
      JsonNode node, String path, int depth, Map<String, String> out, String where) {
    if (depth > limits.depth()) {
      throw Rejected.invalid(where, "nested deeper than " + limits.depth() + " levels");
    }
    if (node.isObject() && (depth == 0 || !node.isEmpty())) { // a row without fields has no cells
      node.properties()
          .forEach(e -> flatten(
              e.getValue(),
              depth == 0 ? CsvPaths.field(e.getKey()) : CsvPaths.child(path, e.getKey()),
              depth + 1,
              out,
              where));
    } else if (node.isArray() && !node.isEmpty()) {
      for (int i = 0; i < node.size(); i++) {
        flatten(node.get(i), CsvPaths.element(path, i), depth + 1, out, where);
      }
    } else {
      out.put(path, CsvCells.write(node));
    }
  }

  /** The objects of a CSV whose first line is the header; a 400 problem naming the line for malformed CSV. */
  List<ObjectNode> toJson(String csv) {
    List<ObjectNode> objects = new ArrayList<>();
    int line = 1; // where the record being read starts
    try (MappingIterator<String[]> lines =
        CSV.readerFor(String[].class).with(LINES).readValues(csv)) {
      if (!lines.hasNextValue()) {
        return objects;
      }
      String[] header = lines.nextValue();
      if (header.length > limits.columns()) {
        throw Rejected.invalid("/csv", "line 1: at most " + limits.columns() + " columns");
      }
      List<List<CsvPaths.Step>> paths = new ArrayList<>(header.length);
      Set<String> seen = new HashSet<>();
      for (String column : header) {
        if (!seen.add(column)) {
          throw Rejected.invalid(
              "/csv", "line 1: the column \"" + CsvPaths.shorten(column) + "\" appears twice");
        }
        paths.add(CsvPaths.parse(column, limits.depth()));
      }
      while (true) {
        line = lineOf(lines.getCurrentLocation());
        if (!lines.hasNextValue()) {
          break;
        }
        String[] cells = lines.nextValue();
        if (objects.size() == limits.rows()) {
          throw Rejected.invalid("/csv", "at most " + limits.rows() + " rows in one conversion");
        }
        // an empty line (no field at all) is a row without any of the fields
        if (cells.length != header.length && cells.length != 0) {
          throw Rejected.invalid(
              "/csv",
              "line " + line + ": " + cells.length + " fields, the header has " + header.length);
        }
        objects.add(row(header, paths, cells, line));
      }
      return objects;
    } catch (JsonProcessingException e) {
      throw Rejected.invalid(
          "/csv",
          "line " + line + ": not valid CSV (" + CsvPaths.shorten(e.getOriginalMessage()) + ")");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int lineOf(JsonLocation at) {
    return Math.max(1, at.getLineNr());
  }

  private static ObjectNode row(
      String[] header, List<List<CsvPaths.Step>> paths, String[] cells, int line) {
    ObjectNode row = JsonNodeFactory.instance.objectNode();
    for (int c = 0; c < cells.length; c++) {
      JsonNode value;
      try {
        value = CsvCells.read(cells[c]);
      } catch (JsonProcessingException | IllegalArgumentException e) {
        throw Rejected.invalid(
            "/csv",
            "line " + line + ", column \"" + CsvPaths.shorten(header[c])
                + "\": a cell that starts with \" is a JSON string literal");
      }
      if (value != null) {
        put(row, paths.get(c), value, line, header[c], header.length);
      }
    }
    if (hasHole(row)) {
      throw Rejected.invalid(
          "/csv",
          "line " + line + ": an array element without the one before it (an empty cell for it)");
    }
    return row;
  }

  /** Whether an array under {@code node} still holds a place no column filled. */
  private static boolean hasHole(JsonNode node) {
    for (JsonNode child : node) {
      if (child.isMissingNode() || (child.isContainerNode() && hasHole(child))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Puts {@code value} at {@code steps} under {@code row}, creating the objects and arrays on the way; a conflict
   * when the place is taken, or the way passes through a value of another kind. Columns come in the order of the
   * fields' first appearance, so an element may come before the one ahead of it ({@code a[1]} before {@code a[0]}):
   * the places between are held open (as missing) for later columns, at most as many as the row has columns, and a
   * row that leaves one open is refused.
   */
  private static void put(
      ObjectNode row,
      List<CsvPaths.Step> steps,
      JsonNode value,
      int line,
      String column,
      int columns) {
    JsonNode parent = row;
    for (int s = 0; s < steps.size(); s++) {
      CsvPaths.Step step = steps.get(s);
      boolean last = s == steps.size() - 1;
      JsonNode wanted = last
          ? value
          : steps.get(s + 1).isElement()
              ? JsonNodeFactory.instance.arrayNode()
              : JsonNodeFactory.instance.objectNode();
      @Nullable JsonNode existing;
      if (step.isElement()) {
        // an array cannot have more elements than the row has columns: no column opens more places
        // than that
        if (!(parent instanceof ArrayNode array) || step.index() >= columns) {
          throw conflict(line, column);
        }
        while (array.size() < step.index()) {
          array.add(MissingNode.getInstance());
        }
        existing = step.index() < array.size() ? array.get(step.index()) : null;
        if (existing == null) {
          array.add(wanted);
        } else if (existing.isMissingNode()) {
          array.set(step.index(), wanted);
          existing = null;
        }
      } else {
        if (!(parent instanceof ObjectNode object)) {
          throw conflict(line, column);
        }
        existing = object.get(step.key());
        if (existing == null) {
          object.set(step.key(), wanted);
        }
      }
      if (existing != null) {
        boolean passable =
            !last && existing.isContainerNode() && existing.getNodeType() == wanted.getNodeType();
        if (!passable) {
          throw conflict(line, column);
        }
        wanted = existing;
      }
      parent = wanted;
    }
  }

  private static Rejected conflict(int line, String column) {
    return Rejected.invalid(
        "/csv",
        "line " + line + ", column \"" + CsvPaths.shorten(column)
            + "\": does not fit with the row's other columns (a field that is both a value and nested, or an"
            + " array element without the one before it)");
  }
}
