package org.kith.extraction.mrz;

import static org.kith.extraction.mrz.MrzCells.allFiller;
import static org.kith.extraction.mrz.MrzCells.at;
import static org.kith.extraction.mrz.MrzCells.birthDate;
import static org.kith.extraction.mrz.MrzCells.cell;
import static org.kith.extraction.mrz.MrzCells.cells;
import static org.kith.extraction.mrz.MrzCells.compositeValid;
import static org.kith.extraction.mrz.MrzCells.concat;
import static org.kith.extraction.mrz.MrzCells.read;
import static org.kith.extraction.mrz.MrzCells.sex;
import static org.kith.extraction.mrz.MrzCells.strip;
import static org.kith.extraction.mrz.MrzCells.stripEnd;
import static org.kith.extraction.mrz.MrzCells.words;
import static org.kith.extraction.mrz.MrzLines.fits;
import static org.kith.extraction.mrz.MrzLines.lengthCandidates;
import static org.kith.extraction.mrz.MrzLines.normalise;
import static org.kith.extraction.mrz.MrzLines.texts;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.kith.extraction.mrz.Correction.Reason;
import org.kith.extraction.mrz.MrzCells.Cell;
import org.kith.extraction.mrz.MrzLayout.Span;
import org.kith.extraction.mrz.MrzLines.Candidate;

/**
 * Reads an ICAO 9303 machine readable zone from the raw OCR text of its lines. Immutable and thread-safe.
 *
 * <p>The parser
 *
 * <ol>
 *   <li>normalises the text: drops white space and empty lines, upper-cases ASCII letters and reads the
 *       chevron look-alikes «, ‹, 〈, ⟨, ＜, (, [ and &#123; as {@code <};
 *   <li>detects the format by line count and length (TD1 3×30, TD2 2×36, TD3 2×44, each line within 3
 *       characters), taking the bottom-most lines that fit when OCR returned more lines, and splitting a single
 *       line of exactly 72, 88 or 90 characters;
 *   <li>repairs line lengths: characters that cannot occur in an MRZ are dropped from a line that is too long,
 *       then filler {@code <} is added or removed either at the end of the line or inside one of its filler runs,
 *       whichever satisfies the most check digits (the end when none is better); remaining impossible
 *       characters are read as {@code <};
 *   <li>corrects look-alikes by field type: letters in numeric fields (dates, check digits) become the digits
 *       they resemble ({@code O Q D→0, I L→1, Z→2, S→5, B→8, G→6, T→7}), digits in alphabetic fields
 *       (document code, states, sex, names) the letters ({@code 0→O, 1→I, 2→Z, 5→S, 8→B, 6→G}), and a
 *       {@code K} or {@code E} in the name's trailing filler (from a {@code <<<} or a run of four or more
 *       of them to the end) becomes {@code <};
 *   <li>for an alphanumeric field with its own check digit (document number, TD3 personal number) whose check
 *       digit fails, tries the look-alike alternatives {@code 0↔O, 1↔I, 2↔Z, 5↔S, 8↔B} of at most 8 ambiguous
 *       characters and keeps the one variant that satisfies the check digit at the lowest cost. A change costs 1
 *       when it turns a letter into a digit and 2 when it turns a digit into a letter, plus 1 for each neighbour
 *       of the other kind; variants costing more than 2 are not considered, since a single check digit cannot
 *       tell a real correction from a coincidence among many changes. When two variants cost the same the field
 *       is left as read. {@code L↔1}, {@code G↔6} and {@code K↔<} are not tried: their values differ by a
 *       multiple of 10, so no check digit can tell them apart; {@code D}, {@code Q} and {@code T} are not tried
 *       either, being ordinary letters of document numbers.
 * </ol>
 *
 * <p>Input that is not an MRZ gives {@link Optional#empty()}; the parser does not throw on any text.
 */
public final class MrzParser {
  private static final String DOCUMENT_CODES = "PIACV";
  private static final Map<Character, Character> NUMERIC = Map.of(
      'O', '0', 'Q', '0', 'D', '0', 'I', '1', 'L', '1', 'Z', '2', 'S', '5', 'B', '8', 'G', '6', 'T',
      '7');
  private static final Map<Character, Character> ALPHABETIC =
      Map.of('0', 'O', '1', 'I', '2', 'Z', '5', 'S', '8', 'B', '6', 'G');

  private final Clock clock;

  /** A parser that resolves the century of birth dates against the system clock. */
  public MrzParser() {
    this(Clock.systemUTC());
  }

  /**
   * A parser that resolves the century of birth dates against {@code clock}: a two-digit year is read as 20yy
   * unless that date is after today, then as 19yy. Expiry dates are always 20yy.
   */
  public MrzParser(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Reads an MRZ from OCR text whose lines are separated by line breaks. */
  public Optional<Mrz> parse(String text) {
    return parse(List.of(text));
  }

  /**
   * Reads an MRZ from the OCR text of its lines (an element may itself hold several lines separated by line
   * breaks).
   *
   * @return the MRZ, or empty when the text is not recognisably one
   */
  public Optional<Mrz> parse(List<String> lines) {
    LocalDate today = LocalDate.now(clock);
    List<String> normalised = normalise(lines);
    @Nullable Mrz best = null;
    int bestScore = -1;
    for (MrzFormat format : MrzFormat.values()) {
      int n = format.lineCount();
      for (int start = normalised.size() - n; start >= 0; start--) {
        List<String> window = normalised.subList(start, start + n);
        if (!fits(format, window)) {
          continue;
        }
        Mrz mrz = readWindow(format, window, today);
        int score = validCount(mrz);
        if (recognised(mrz) && score > bestScore) {
          best = mrz;
          bestScore = score;
        }
      }
    }
    return Optional.ofNullable(best);
  }

  private static boolean recognised(Mrz mrz) {
    boolean filler = mrz.lines().stream().anyMatch(l -> l.contains("<<"));
    boolean code = DOCUMENT_CODES.indexOf(mrz.lines().get(0).charAt(0)) >= 0;
    return filler && (code || validCount(mrz) >= 2);
  }

  private static int validCount(Mrz mrz) {
    return (int) mrz.checks().values().stream().filter(Boolean::booleanValue).count();
  }

  private static Mrz readWindow(MrzFormat format, List<String> lines, LocalDate today) {
    List<List<Candidate>> candidates = new ArrayList<>();
    List<Candidate> chosen = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      List<Candidate> forLine = lengthCandidates(format, i, lines.get(i));
      candidates.add(forLine);
      chosen.add(forLine.get(0));
    }
    for (int i = 0; i < lines.size(); i++) {
      if (candidates.get(i).size() < 2) {
        continue;
      }
      int bestScore = -1;
      Candidate best = chosen.get(i);
      for (Candidate candidate : candidates.get(i)) {
        chosen.set(i, candidate);
        int score = validCount(analyse(format, texts(chosen), new ArrayList<>(), false, today));
        if (score > bestScore) {
          bestScore = score;
          best = candidate;
        }
      }
      chosen.set(i, best);
    }
    List<Correction> corrections = new ArrayList<>();
    chosen.forEach(c -> corrections.addAll(c.corrections()));
    return analyse(format, texts(chosen), corrections, true, today);
  }

  // ----------------------------------------------------------------------------------------------
  // analysing

  /**
   * Corrects look-alikes in {@code lines} (each of the format's length and of MRZ characters only), appending
   * to {@code corrections}, and reads the fields and check digits.
   */
  private static Mrz analyse(
      MrzFormat format,
      List<String> lines,
      List<Correction> corrections,
      boolean search,
      LocalDate today) {
    char[][] grid = new char[lines.size()][];
    for (int i = 0; i < lines.size(); i++) {
      grid[i] = lines.get(i).toCharArray();
    }
    Span code = new MrzLayout(format, false).documentCode();
    substitute(grid, cells(code), ALPHABETIC, code.field(), Reason.ALPHABETIC_FIELD, corrections);
    MrzLayout layout = new MrzLayout(format, format != MrzFormat.TD1 && grid[0][0] == 'V');
    corrections.replaceAll(c -> c.reason() == Reason.JUNK && c.field().isEmpty()
        ? new Correction(
            c.line(),
            c.column(),
            c.from(),
            c.to(),
            layout.fieldAt(c.line(), c.column()),
            c.reason())
        : c);

    trailingFiller(grid, layout.name(), corrections);
    for (Span span :
        List.of(layout.issuingState(), layout.nationality(), layout.sex(), layout.name())) {
      substitute(grid, cells(span), ALPHABETIC, span.field(), Reason.ALPHABETIC_FIELD, corrections);
    }

    List<Cell> number = new ArrayList<>(cells(layout.documentNumber()));
    Cell numberCheck = cell(layout.documentNumberCheck());
    Span optional = layout.optionalData();
    int optionalFrom = 0;
    if (layout.documentNumberMayOverflow() && at(grid, numberCheck) == '<') {
      String data = optional.read(grid);
      int filler = data.indexOf('<');
      int end = filler < 0 ? data.length() : filler;
      if (end >= 1) {
        for (int i = 0; i < end - 1; i++) {
          number.add(new Cell(optional.line(), optional.start() + i));
        }
        numberCheck = new Cell(optional.line(), optional.start() + end - 1);
        optionalFrom = end;
      }
    }

    for (Span span : List.of(
        layout.dateOfBirth(),
        layout.dateOfBirthCheck(),
        layout.dateOfExpiry(),
        layout.dateOfExpiryCheck())) {
      substitute(grid, cells(span), NUMERIC, span.field(), Reason.NUMERIC_FIELD, corrections);
    }
    substitute(
        grid,
        List.of(numberCheck),
        NUMERIC,
        MrzLayout.DOCUMENT_NUMBER_CHECK,
        Reason.NUMERIC_FIELD,
        corrections);
    for (Span span : concat(layout.optionalDataCheck(), layout.compositeCheck())) {
      substitute(grid, cells(span), NUMERIC, span.field(), Reason.NUMERIC_FIELD, corrections);
    }

    List<Cell> personal = cells(new Span(
        optional.field(), optional.line(), optional.start() + optionalFrom, optional.end()));
    Optional<Cell> personalCheck = layout.optionalDataCheck().map(MrzCells::cell);
    boolean datesValid = CheckDigits.isValid(
            layout.dateOfBirth().read(grid), at(grid, cell(layout.dateOfBirthCheck())))
        && CheckDigits.isValid(
            layout.dateOfExpiry().read(grid), at(grid, cell(layout.dateOfExpiryCheck())));
    if (search) {
      boolean personalValid = personalCheck.isEmpty()
          || personalValid(read(grid, personal), at(grid, personalCheck.get()));
      LookAlikes.search(
          grid,
          number,
          numberCheck,
          Mrz.DOCUMENT_NUMBER,
          layout,
          datesValid && personalValid,
          corrections);
      if (personalCheck.isPresent() && !allFiller(read(grid, personal))) {
        boolean numberValid = CheckDigits.isValid(read(grid, number), at(grid, numberCheck));
        LookAlikes.search(
            grid,
            personal,
            personalCheck.get(),
            Mrz.OPTIONAL_DATA,
            layout,
            datesValid && numberValid,
            corrections);
      }
    }

    Map<MrzCheck, Boolean> checks = new EnumMap<>(MrzCheck.class);
    checks.put(
        MrzCheck.DOCUMENT_NUMBER, CheckDigits.isValid(read(grid, number), at(grid, numberCheck)));
    checks.put(
        MrzCheck.DATE_OF_BIRTH,
        CheckDigits.isValid(
            layout.dateOfBirth().read(grid), at(grid, cell(layout.dateOfBirthCheck()))));
    checks.put(
        MrzCheck.DATE_OF_EXPIRY,
        CheckDigits.isValid(
            layout.dateOfExpiry().read(grid), at(grid, cell(layout.dateOfExpiryCheck()))));
    personalCheck.ifPresent(check ->
        checks.put(MrzCheck.OPTIONAL_DATA, personalValid(read(grid, personal), at(grid, check))));
    layout
        .compositeCheck()
        .ifPresent(check -> checks.put(MrzCheck.COMPOSITE, compositeValid(grid, layout)));

    List<String> corrected = new ArrayList<>();
    for (char[] line : grid) {
      corrected.add(new String(line));
    }
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put(Mrz.FORMAT, format.name());
    fields.put(Mrz.DOCUMENT_CODE, strip(layout.documentCode().read(grid)));
    fields.put(Mrz.ISSUING_STATE, strip(layout.issuingState().read(grid)));
    fields.put(Mrz.DOCUMENT_NUMBER, stripEnd(read(grid, number)));
    fields.put(Mrz.NATIONALITY, strip(layout.nationality().read(grid)));
    fields.put(Mrz.DATE_OF_BIRTH, birthDate(layout.dateOfBirth().read(grid), today));
    fields.put(Mrz.SEX, sex(layout.sex().read(grid)));
    fields.put(
        Mrz.DATE_OF_EXPIRY,
        MrzCells.date(2000, layout.dateOfExpiry().read(grid))
            .map(LocalDate::toString)
            .orElse(""));
    fields.put(Mrz.OPTIONAL_DATA, strip(read(grid, personal)));
    layout
        .optionalData2()
        .ifPresent(span -> fields.put(Mrz.OPTIONAL_DATA_2, strip(span.read(grid))));
    String name = stripEnd(layout.name().read(grid));
    int separator = name.indexOf("<<");
    fields.put(Mrz.SURNAME, words(separator < 0 ? name : name.substring(0, separator)));
    fields.put(Mrz.GIVEN_NAMES, separator < 0 ? "" : words(name.substring(separator + 2)));
    fields.put(Mrz.LINES, String.join("\n", corrected));
    return new Mrz(format, corrected, fields, checks, corrections);
  }

  /**
   * Where a name's trailing filler starts, a {@code K} or {@code E} there is a misread {@code <} (OCR-B's chevron
   * reads as either). The filler starts at a {@code <<<} or at a run of four or more {@code K}/{@code E} (no name
   * ends so), provided that from there to the end there is nothing but {@code <}, {@code K} and {@code E}; a single
   * {@code K} or {@code E} between single fillers before it may be an initial and is kept.
   */
  private static void trailingFiller(char[][] grid, Span name, List<Correction> corrections) {
    String text = name.read(grid);
    int from = fillerStart(text);
    if (from < 0) {
      return;
    }
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 'K' || c == 'E') {
        grid[name.line()][name.start() + i] = '<';
        corrections.add(new Correction(
            name.line(), name.start() + i, String.valueOf(c), "<", name.field(), Reason.FILLER));
      }
    }
  }

  /** The index where a name's trailing filler starts by {@link #trailingFiller}'s rule, or -1. */
  static int fillerStart(String name) {
    int tail = name.length();
    while (tail > 0 && "<KE".indexOf(name.charAt(tail - 1)) >= 0) {
      tail--;
    }
    // from `tail` on the name holds only <, K and E: find the filler's first sure sign there
    String rest = name.substring(tail);
    int chevrons = rest.indexOf("<<<");
    java.util.regex.Matcher run = java.util.regex.Pattern.compile("[KE]{4,}").matcher(rest);
    int letters = run.find() ? run.start() : -1;
    int start = chevrons < 0 ? letters : letters < 0 ? chevrons : Math.min(chevrons, letters);
    return start < 0 ? -1 : tail + start;
  }

  private static void substitute(
      char[][] grid,
      List<Cell> cells,
      Map<Character, Character> map,
      String field,
      Reason reason,
      List<Correction> corrections) {
    for (Cell cell : cells) {
      char from = at(grid, cell);
      Character to = map.get(from);
      if (to != null) {
        grid[cell.line()][cell.column()] = to;
        corrections.add(new Correction(
            cell.line(), cell.column(), String.valueOf(from), String.valueOf(to), field, reason));
      }
    }
  }

  /** A personal number's check digit may be {@code <} when the number is empty. */
  private static boolean personalValid(String data, char digit) {
    return (digit == '<' && allFiller(data)) || CheckDigits.isValid(data, digit);
  }
}
