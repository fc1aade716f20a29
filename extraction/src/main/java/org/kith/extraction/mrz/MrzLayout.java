package org.kith.extraction.mrz;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Where each field and check digit sits in a format (ICAO 9303 parts 4, 5, 6 and 7). Immutable. */
record MrzLayout(MrzFormat format, boolean visa) {
  static final String NAME = "name";
  static final String DOCUMENT_NUMBER_CHECK = "document_number_check";
  static final String DATE_OF_BIRTH_CHECK = "date_of_birth_check";
  static final String DATE_OF_EXPIRY_CHECK = "date_of_expiry_check";
  static final String OPTIONAL_DATA_CHECK = "optional_data_check";
  static final String COMPOSITE_CHECK = "composite_check";

  /** A run of cells on one line, {@code start} inclusive, {@code end} exclusive. */
  record Span(String field, int line, int start, int end) {
    String read(char[][] grid) {
      return new String(grid[line], start, end - start);
    }

    int length() {
      return end - start;
    }

    boolean contains(int l, int column) {
      return l == line && column >= start && column < end;
    }
  }

  private boolean td1() {
    return format == MrzFormat.TD1;
  }

  private int width() {
    return format.lineLength();
  }

  Span documentCode() {
    return new Span(Mrz.DOCUMENT_CODE, 0, 0, 2);
  }

  Span issuingState() {
    return new Span(Mrz.ISSUING_STATE, 0, 2, 5);
  }

  Span name() {
    return td1() ? new Span(NAME, 2, 0, 30) : new Span(NAME, 0, 5, width());
  }

  Span documentNumber() {
    return td1() ? new Span(Mrz.DOCUMENT_NUMBER, 0, 5, 14) : new Span(Mrz.DOCUMENT_NUMBER, 1, 0, 9);
  }

  Span documentNumberCheck() {
    return td1()
        ? new Span(DOCUMENT_NUMBER_CHECK, 0, 14, 15)
        : new Span(DOCUMENT_NUMBER_CHECK, 1, 9, 10);
  }

  Span nationality() {
    return td1() ? new Span(Mrz.NATIONALITY, 1, 15, 18) : new Span(Mrz.NATIONALITY, 1, 10, 13);
  }

  Span dateOfBirth() {
    return td1() ? new Span(Mrz.DATE_OF_BIRTH, 1, 0, 6) : new Span(Mrz.DATE_OF_BIRTH, 1, 13, 19);
  }

  Span dateOfBirthCheck() {
    return td1()
        ? new Span(DATE_OF_BIRTH_CHECK, 1, 6, 7)
        : new Span(DATE_OF_BIRTH_CHECK, 1, 19, 20);
  }

  Span sex() {
    return td1() ? new Span(Mrz.SEX, 1, 7, 8) : new Span(Mrz.SEX, 1, 20, 21);
  }

  Span dateOfExpiry() {
    return td1() ? new Span(Mrz.DATE_OF_EXPIRY, 1, 8, 14) : new Span(Mrz.DATE_OF_EXPIRY, 1, 21, 27);
  }

  Span dateOfExpiryCheck() {
    return td1()
        ? new Span(DATE_OF_EXPIRY_CHECK, 1, 14, 15)
        : new Span(DATE_OF_EXPIRY_CHECK, 1, 27, 28);
  }

  /** Optional data of line 1 (TD1), the personal number (TD3) or the optional data (TD2, visas). */
  Span optionalData() {
    if (td1()) {
      return new Span(Mrz.OPTIONAL_DATA, 0, 15, 30);
    }
    return new Span(
        Mrz.OPTIONAL_DATA, 1, 28, visa ? width() : width() - (format == MrzFormat.TD3 ? 2 : 1));
  }

  Optional<Span> optionalDataCheck() {
    return format == MrzFormat.TD3 && !visa
        ? Optional.of(new Span(OPTIONAL_DATA_CHECK, 1, 42, 43))
        : Optional.empty();
  }

  Optional<Span> optionalData2() {
    return td1() ? Optional.of(new Span(Mrz.OPTIONAL_DATA_2, 1, 18, 29)) : Optional.empty();
  }

  Optional<Span> compositeCheck() {
    return visa
        ? Optional.empty()
        : Optional.of(new Span(COMPOSITE_CHECK, 1, width() - 1, width()));
  }

  /** The cells the composite check digit covers, in order. */
  List<Span> composite() {
    if (td1()) {
      return List.of(
          new Span(COMPOSITE_CHECK, 0, 5, 30),
          new Span(COMPOSITE_CHECK, 1, 0, 7),
          new Span(COMPOSITE_CHECK, 1, 8, 15),
          new Span(COMPOSITE_CHECK, 1, 18, 29));
    }
    return List.of(
        new Span(COMPOSITE_CHECK, 1, 0, 10),
        new Span(COMPOSITE_CHECK, 1, 13, 20),
        new Span(COMPOSITE_CHECK, 1, 21, width() - 1));
  }

  /** Whether a document number longer than 9 characters may continue in the optional data (TD1, TD2). */
  boolean documentNumberMayOverflow() {
    return !visa && format != MrzFormat.TD3;
  }

  private List<Span> all() {
    List<Span> spans = new ArrayList<>(List.of(
        documentCode(),
        issuingState(),
        name(),
        documentNumber(),
        documentNumberCheck(),
        nationality(),
        dateOfBirth(),
        dateOfBirthCheck(),
        sex(),
        dateOfExpiry(),
        dateOfExpiryCheck(),
        optionalData()));
    optionalDataCheck().ifPresent(spans::add);
    optionalData2().ifPresent(spans::add);
    compositeCheck().ifPresent(spans::add);
    return spans;
  }

  /** The snake_case name of the field or check digit at a cell, or empty for unused filler cells. */
  String fieldAt(int line, int column) {
    return all().stream()
        .filter(s -> s.contains(line, column))
        .map(Span::field)
        .findFirst()
        .orElse("");
  }
}
