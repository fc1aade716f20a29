package org.kith.extraction.mrz;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.kith.extraction.mrz.MrzLayout.Span;

/**
 * Cells of an MRZ read as a grid of characters, and the text of its fields: filler stripped, names as words, sex and
 * birth dates as Kith returns them. Stateless.
 */
final class MrzCells {
  /** One character's place: its line and column. */
  record Cell(int line, int column) {}

  private MrzCells() {}

  static List<Span> concat(Optional<Span> a, Optional<Span> b) {
    List<Span> out = new ArrayList<>(2);
    a.ifPresent(out::add);
    b.ifPresent(out::add);
    return out;
  }

  static List<Cell> cells(Span span) {
    List<Cell> out = new ArrayList<>(span.length());
    for (int c = span.start(); c < span.end(); c++) {
      out.add(new Cell(span.line(), c));
    }
    return out;
  }

  static Cell cell(Span span) {
    return new Cell(span.line(), span.start());
  }

  static char at(char[][] grid, Cell cell) {
    return grid[cell.line()][cell.column()];
  }

  static String read(char[][] grid, List<Cell> cells) {
    StringBuilder out = new StringBuilder(cells.size());
    cells.forEach(c -> out.append(at(grid, c)));
    return out.toString();
  }

  static boolean allFiller(String text) {
    return text.chars().allMatch(c -> c == '<');
  }

  static String stripEnd(String text) {
    int end = text.length();
    while (end > 0 && text.charAt(end - 1) == '<') {
      end--;
    }
    return text.substring(0, end);
  }

  static String strip(String text) {
    int start = 0;
    while (start < text.length() && text.charAt(start) == '<') {
      start++;
    }
    return stripEnd(text.substring(start));
  }

  static String words(String text) {
    return String.join(" ", List.of(text.split("<+"))).strip();
  }

  static String sex(String read) {
    return read.equals("<") ? "X" : read;
  }

  static String birthDate(String yymmdd, LocalDate today) {
    Optional<LocalDate> recent = date(2000, yymmdd);
    if (recent.isPresent() && !recent.get().isAfter(today)) {
      return recent.get().toString();
    }
    return date(1900, yymmdd).map(LocalDate::toString).orElse("");
  }

  static Optional<LocalDate> date(int century, String yymmdd) {
    if (yymmdd.length() != 6 || !yymmdd.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.of(
          century + Integer.parseInt(yymmdd.substring(0, 2)),
          Integer.parseInt(yymmdd.substring(2, 4)),
          Integer.parseInt(yymmdd.substring(4, 6))));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  /** Whether the composite check digit, where the layout has one, holds. */
  static boolean compositeValid(char[][] grid, MrzLayout layout) {
    Optional<Span> check = layout.compositeCheck();
    if (check.isEmpty()) {
      return false;
    }
    StringBuilder covered = new StringBuilder();
    layout.composite().forEach(span -> covered.append(span.read(grid)));
    return CheckDigits.isValid(covered, at(grid, cell(check.get())));
  }
}
