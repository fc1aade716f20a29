package org.kith.extraction.mrz;

import java.time.Clock;
import java.time.DateTimeException;
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
import org.kith.extraction.mrz.MrzLayout.Span;

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
 *       {@code K} in the name's trailing filler (after {@code <<<}) becomes {@code <};
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
  private static final int MAX_LENGTH_ERROR = 3;
  private static final int MAX_AMBIGUOUS = 8;
  private static final int MAX_COST = 2;
  private static final int MAX_INPUT_LINES = 50;
  private static final String CHEVRONS = "«‹〈⟨＜([{";
  private static final String DOCUMENT_CODES = "PIACV";
  private static final Map<Character, Character> NUMERIC = Map.of('O', '0', 'Q', '0', 'D', '0', 'I', '1', 'L', '1',
      'Z', '2', 'S', '5', 'B', '8', 'G', '6', 'T', '7');
  private static final Map<Character, Character> ALPHABETIC = Map.of('0', 'O', '1', 'I', '2', 'Z', '5', 'S', '8',
      'B', '6', 'G');
  private static final Map<Character, Character> ALPHANUMERIC = Map.of('0', 'O', 'O', '0', '1', 'I', 'I', '1',
      '2', 'Z', 'Z', '2', '5', 'S', 'S', '5', '8', 'B', 'B', '8');

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
        Mrz mrz = read(format, window, today);
        int score = validCount(mrz);
        if (recognised(mrz) && score > bestScore) {
          best = mrz;
          bestScore = score;
        }
      }
    }
    return Optional.ofNullable(best);
  }

  // ---------------------------------------------------------------------------------------------- normalising

  private static List<String> normalise(List<String> input) {
    List<String> out = new ArrayList<>();
    for (String element : input) {
      for (String part : element.split("\\R")) {
        StringBuilder line = new StringBuilder(part.length());
        for (int i = 0; i < part.length(); i++) {
          char c = part.charAt(i);
          if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
            continue;
          }
          if (CHEVRONS.indexOf(c) >= 0) {
            c = '<';
          } else if (c >= 'a' && c <= 'z') {
            c = (char) (c - 'a' + 'A');
          }
          line.append(c);
        }
        if (line.length() > 0) {
          out.add(line.toString());
        }
      }
    }
    if (out.size() == 1) {
      String only = out.get(0);
      for (MrzFormat format : MrzFormat.values()) {
        if (only.length() == format.lineCount() * format.lineLength()) {
          out.clear();
          for (int i = 0; i < format.lineCount(); i++) {
            out.add(only.substring(i * format.lineLength(), (i + 1) * format.lineLength()));
          }
        }
      }
    }
    int shortest = MrzFormat.TD1.lineLength() - MAX_LENGTH_ERROR;
    int longest = MrzFormat.TD3.lineLength() + MAX_LENGTH_ERROR;
    List<String> candidates = out.stream().filter(l -> l.length() >= shortest && l.length() <= longest).toList();
    return candidates.subList(Math.max(0, candidates.size() - MAX_INPUT_LINES), candidates.size());
  }

  private static boolean fits(MrzFormat format, List<String> lines) {
    return lines.stream().allMatch(l -> Math.abs(l.length() - format.lineLength()) <= MAX_LENGTH_ERROR);
  }

  private static boolean recognised(Mrz mrz) {
    boolean filler = mrz.lines().stream().anyMatch(l -> l.contains("<<"));
    boolean code = DOCUMENT_CODES.indexOf(mrz.lines().get(0).charAt(0)) >= 0;
    return filler && (code || validCount(mrz) >= 2);
  }

  private static int validCount(Mrz mrz) {
    return (int) mrz.checks().values().stream().filter(Boolean::booleanValue).count();
  }

  private static Mrz read(MrzFormat format, List<String> lines, LocalDate today) {
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

  private static List<String> texts(List<Candidate> candidates) {
    return candidates.stream().map(Candidate::text).toList();
  }

  // ------------------------------------------------------------------------------------------- line lengths

  /** A repaired line and the corrections that made it. */
  private record Candidate(String text, List<Correction> corrections) {}

  /** The ways to bring a line to its format's length; the first is the default (change at the end). */
  private static List<Candidate> lengthCandidates(MrzFormat format, int lineIndex, String line) {
    int expected = format.lineLength();
    StringBuilder s = new StringBuilder(line);
    List<Correction> base = new ArrayList<>();
    for (int column = 0, read = 0; column < s.length() && s.length() > expected; read++) {
      char c = s.charAt(column);
      if (CheckDigits.isMrzCharacter(c)) {
        column++;
      } else {
        base.add(new Correction(lineIndex, read, String.valueOf(c), "", "", Reason.LINE_LENGTH));
        s.deleteCharAt(column);
      }
    }
    String text = s.toString();
    int missing = expected - text.length();
    List<Candidate> out = new ArrayList<>();
    if (missing == 0) {
      out.add(clean(lineIndex, text, base));
    } else if (missing > 0) {
      String fill = "<".repeat(missing);
      out.add(clean(lineIndex, text + fill, with(base, new Correction(lineIndex, text.length(), "", fill, "",
          Reason.LINE_LENGTH))));
      for (int[] run : fillerRuns(text)) {
        if (run[1] < text.length()) {
          out.add(clean(lineIndex, text.substring(0, run[1]) + fill + text.substring(run[1]),
              with(base, new Correction(lineIndex, run[1], "", fill, "", Reason.LINE_LENGTH))));
        }
      }
    } else {
      int extra = -missing;
      out.add(clean(lineIndex, text.substring(0, expected), with(base, new Correction(lineIndex, expected,
          text.substring(expected), "", "", Reason.LINE_LENGTH))));
      for (int[] run : fillerRuns(text)) {
        if (run[1] < text.length() && run[1] - run[0] >= extra) {
          int from = run[1] - extra;
          out.add(clean(lineIndex, text.substring(0, from) + text.substring(run[1]),
              with(base, new Correction(lineIndex, from, "<".repeat(extra), "", "", Reason.LINE_LENGTH))));
        }
      }
    }
    return out;
  }

  /** Start (inclusive) and end (exclusive) of each maximal run of {@code <}. */
  private static List<int[]> fillerRuns(String text) {
    List<int[]> runs = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      if (text.charAt(i) == '<') {
        int start = i;
        while (i < text.length() && text.charAt(i) == '<') {
          i++;
        }
        runs.add(new int[] {start, i});
      } else {
        i++;
      }
    }
    return runs;
  }

  private static List<Correction> with(List<Correction> base, Correction correction) {
    List<Correction> out = new ArrayList<>(base);
    out.add(correction);
    return out;
  }

  /** Reads characters that cannot occur in an MRZ as {@code <} (the field is named later). */
  private static Candidate clean(int lineIndex, String text, List<Correction> corrections) {
    char[] chars = text.toCharArray();
    List<Correction> out = new ArrayList<>(corrections);
    for (int i = 0; i < chars.length; i++) {
      if (!CheckDigits.isMrzCharacter(chars[i])) {
        out.add(new Correction(lineIndex, i, String.valueOf(chars[i]), "<", "", Reason.JUNK));
        chars[i] = '<';
      }
    }
    return new Candidate(new String(chars), out);
  }

  // ---------------------------------------------------------------------------------------------- analysing

  private record Cell(int line, int column) {}

  /**
   * Corrects look-alikes in {@code lines} (each of the format's length and of MRZ characters only), appending
   * to {@code corrections}, and reads the fields and check digits.
   */
  private static Mrz analyse(MrzFormat format, List<String> lines, List<Correction> corrections, boolean search,
      LocalDate today) {
    char[][] grid = new char[lines.size()][];
    for (int i = 0; i < lines.size(); i++) {
      grid[i] = lines.get(i).toCharArray();
    }
    Span code = new MrzLayout(format, false).documentCode();
    substitute(grid, cells(code), ALPHABETIC, code.field(), Reason.ALPHABETIC_FIELD, corrections);
    MrzLayout layout = new MrzLayout(format, format != MrzFormat.TD1 && grid[0][0] == 'V');
    corrections.replaceAll(c -> c.reason() == Reason.JUNK && c.field().isEmpty()
        ? new Correction(c.line(), c.column(), c.from(), c.to(), layout.fieldAt(c.line(), c.column()), c.reason())
        : c);

    trailingFiller(grid, layout.name(), corrections);
    for (Span span : List.of(layout.issuingState(), layout.nationality(), layout.sex(), layout.name())) {
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

    for (Span span : List.of(layout.dateOfBirth(), layout.dateOfBirthCheck(), layout.dateOfExpiry(),
        layout.dateOfExpiryCheck())) {
      substitute(grid, cells(span), NUMERIC, span.field(), Reason.NUMERIC_FIELD, corrections);
    }
    substitute(grid, List.of(numberCheck), NUMERIC, MrzLayout.DOCUMENT_NUMBER_CHECK, Reason.NUMERIC_FIELD,
        corrections);
    for (Span span : concat(layout.optionalDataCheck(), layout.compositeCheck())) {
      substitute(grid, cells(span), NUMERIC, span.field(), Reason.NUMERIC_FIELD, corrections);
    }

    List<Cell> personal = cells(new Span(optional.field(), optional.line(), optional.start() + optionalFrom,
        optional.end()));
    Optional<Cell> personalCheck = layout.optionalDataCheck().map(MrzParser::cell);
    boolean datesValid =
        CheckDigits.isValid(layout.dateOfBirth().read(grid), at(grid, cell(layout.dateOfBirthCheck())))
            && CheckDigits.isValid(layout.dateOfExpiry().read(grid), at(grid, cell(layout.dateOfExpiryCheck())));
    if (search) {
      boolean personalValid = personalCheck.isEmpty() || personalValid(read(grid, personal), at(grid,
          personalCheck.get()));
      searchAlphanumeric(grid, number, numberCheck, Mrz.DOCUMENT_NUMBER, layout, datesValid && personalValid,
          corrections);
      if (personalCheck.isPresent() && !allFiller(read(grid, personal))) {
        boolean numberValid = CheckDigits.isValid(read(grid, number), at(grid, numberCheck));
        searchAlphanumeric(grid, personal, personalCheck.get(), Mrz.OPTIONAL_DATA, layout,
            datesValid && numberValid, corrections);
      }
    }

    Map<MrzCheck, Boolean> checks = new EnumMap<>(MrzCheck.class);
    checks.put(MrzCheck.DOCUMENT_NUMBER, CheckDigits.isValid(read(grid, number), at(grid, numberCheck)));
    checks.put(MrzCheck.DATE_OF_BIRTH, CheckDigits.isValid(layout.dateOfBirth().read(grid),
        at(grid, cell(layout.dateOfBirthCheck()))));
    checks.put(MrzCheck.DATE_OF_EXPIRY, CheckDigits.isValid(layout.dateOfExpiry().read(grid),
        at(grid, cell(layout.dateOfExpiryCheck()))));
    personalCheck.ifPresent(check -> checks.put(MrzCheck.OPTIONAL_DATA, personalValid(read(grid, personal),
        at(grid, check))));
    layout.compositeCheck().ifPresent(check -> checks.put(MrzCheck.COMPOSITE, compositeValid(grid, layout)));

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
    fields.put(Mrz.DATE_OF_EXPIRY, date(2000, layout.dateOfExpiry().read(grid)).map(LocalDate::toString)
        .orElse(""));
    fields.put(Mrz.OPTIONAL_DATA, strip(read(grid, personal)));
    layout.optionalData2().ifPresent(span -> fields.put(Mrz.OPTIONAL_DATA_2, strip(span.read(grid))));
    String name = stripEnd(layout.name().read(grid));
    int separator = name.indexOf("<<");
    fields.put(Mrz.SURNAME, words(separator < 0 ? name : name.substring(0, separator)));
    fields.put(Mrz.GIVEN_NAMES, separator < 0 ? "" : words(name.substring(separator + 2)));
    fields.put(Mrz.LINES, String.join("\n", corrected));
    return new Mrz(format, corrected, fields, checks, corrections);
  }

  /** After {@code <<<} a name holds only filler; a {@code K} there is a misread {@code <}. */
  private static void trailingFiller(char[][] grid, Span name, List<Correction> corrections) {
    String text = name.read(grid);
    int from = text.indexOf("<<<");
    if (from < 0 || !text.substring(from).chars().allMatch(c -> c == '<' || c == 'K')) {
      return;
    }
    for (int i = from; i < text.length(); i++) {
      if (text.charAt(i) == 'K') {
        grid[name.line()][name.start() + i] = '<';
        corrections.add(new Correction(name.line(), name.start() + i, "K", "<", name.field(), Reason.FILLER));
      }
    }
  }

  private static void substitute(char[][] grid, List<Cell> cells, Map<Character, Character> map, String field,
      Reason reason, List<Correction> corrections) {
    for (Cell cell : cells) {
      char from = at(grid, cell);
      Character to = map.get(from);
      if (to != null) {
        grid[cell.line()][cell.column()] = to;
        corrections.add(new Correction(cell.line(), cell.column(), String.valueOf(from), String.valueOf(to), field,
            reason));
      }
    }
  }

  /** A personal number's check digit may be {@code <} when the number is empty. */
  private static boolean personalValid(String data, char digit) {
    return (digit == '<' && allFiller(data)) || CheckDigits.isValid(data, digit);
  }

  /**
   * Tries the look-alike alternatives of the ambiguous characters of an alphanumeric field whose check digit
   * fails, and applies the one variant that satisfies it at the lowest cost, if there is exactly one. When
   * {@code othersValid} (every other check digit the composite covers is valid) a variant must also satisfy the
   * composite check digit; otherwise the composite only breaks ties. (Mostly the composite agrees with the
   * field's own check digit, as both weigh the field alike; the TD1 overflow of a long document number is
   * weighed differently.)
   */
  private static void searchAlphanumeric(char[][] grid, List<Cell> cells, Cell check, String field,
      MrzLayout layout, boolean othersValid, List<Correction> corrections) {
    char digit = at(grid, check);
    String read = read(grid, cells);
    if (digit < '0' || digit > '9' || CheckDigits.isValid(read, digit)) {
      return;
    }
    List<Integer> ambiguous = new ArrayList<>();
    for (int i = 0; i < read.length(); i++) {
      if (ALPHANUMERIC.containsKey(read.charAt(i))) {
        ambiguous.add(i);
      }
    }
    if (ambiguous.isEmpty() || ambiguous.size() > MAX_AMBIGUOUS) {
      return;
    }
    int n = ambiguous.size();
    int[] deltas = new int[n];
    int[] costs = new int[n];
    for (int k = 0; k < n; k++) {
      int i = ambiguous.get(k);
      char from = read.charAt(i);
      char to = ALPHANUMERIC.get(from);
      deltas[k] = (CheckDigits.value(to) - CheckDigits.value(from)) * weight(i);
      costs[k] = cost(read, i, to);
    }
    int target = digit - '0';
    int base = CheckDigits.compute(read);
    int bestCost = Integer.MAX_VALUE;
    List<Integer> winners = new ArrayList<>();
    for (int variant = 1; variant < 1 << n; variant++) {
      int delta = 0;
      int cost = 0;
      for (int k = 0; k < n; k++) {
        if ((variant & 1 << k) != 0) {
          delta += deltas[k];
          cost += costs[k];
        }
      }
      if (cost <= MAX_COST && cost <= bestCost && Math.floorMod(base + delta, 10) == target) {
        if (cost < bestCost) {
          bestCost = cost;
          winners.clear();
        }
        winners.add(variant);
      }
    }
    if (layout.compositeCheck().isPresent() && (othersValid || winners.size() > 1)) {
      List<Integer> consistent = new ArrayList<>();
      for (int variant : winners) {
        apply(grid, cells, ambiguous, variant);
        if (compositeValid(grid, layout)) {
          consistent.add(variant);
        }
        apply(grid, cells, ambiguous, variant);
      }
      winners = consistent;
    }
    if (winners.size() != 1) {
      return;
    }
    int variant = winners.get(0);
    apply(grid, cells, ambiguous, variant);
    for (int k = 0; k < n; k++) {
      if ((variant & 1 << k) != 0) {
        Cell cell = cells.get(ambiguous.get(k));
        corrections.add(new Correction(cell.line(), cell.column(), String.valueOf(read.charAt(ambiguous.get(k))),
            String.valueOf(at(grid, cell)), field, Reason.CHECK_DIGIT));
      }
    }
  }

  /** Swaps the look-alikes chosen by the bits of {@code variant}; applying it twice restores the cells. */
  private static void apply(char[][] grid, List<Cell> cells, List<Integer> ambiguous, int variant) {
    for (int k = 0; k < ambiguous.size(); k++) {
      if ((variant & 1 << k) != 0) {
        Cell cell = cells.get(ambiguous.get(k));
        grid[cell.line()][cell.column()] = ALPHANUMERIC.get(at(grid, cell));
      }
    }
  }

  private static int weight(int index) {
    return switch (index % 3) {
      case 0 -> 7;
      case 1 -> 3;
      default -> 1;
    };
  }

  /**
   * How unlikely reading {@code to} at {@code index} is: a digit misread as a letter is less likely than the
   * reverse, and each alphanumeric neighbour of the other kind makes the change less likely.
   */
  private static int cost(String read, int index, char to) {
    boolean digit = Character.isDigit(to);
    int cost = digit ? 1 : 2;
    for (int j : new int[] {index - 1, index + 1}) {
      if (j >= 0 && j < read.length() && read.charAt(j) != '<' && Character.isDigit(read.charAt(j)) != digit) {
        cost++;
      }
    }
    return cost;
  }

  private static boolean compositeValid(char[][] grid, MrzLayout layout) {
    Optional<Span> check = layout.compositeCheck();
    if (check.isEmpty()) {
      return false;
    }
    StringBuilder covered = new StringBuilder();
    layout.composite().forEach(span -> covered.append(span.read(grid)));
    return CheckDigits.isValid(covered, at(grid, cell(check.get())));
  }

  // ------------------------------------------------------------------------------------------------ helpers

  private static List<Span> concat(Optional<Span> a, Optional<Span> b) {
    List<Span> out = new ArrayList<>(2);
    a.ifPresent(out::add);
    b.ifPresent(out::add);
    return out;
  }

  private static List<Cell> cells(Span span) {
    List<Cell> out = new ArrayList<>(span.length());
    for (int c = span.start(); c < span.end(); c++) {
      out.add(new Cell(span.line(), c));
    }
    return out;
  }

  private static Cell cell(Span span) {
    return new Cell(span.line(), span.start());
  }

  private static char at(char[][] grid, Cell cell) {
    return grid[cell.line()][cell.column()];
  }

  private static String read(char[][] grid, List<Cell> cells) {
    StringBuilder out = new StringBuilder(cells.size());
    cells.forEach(c -> out.append(at(grid, c)));
    return out.toString();
  }

  private static boolean allFiller(String text) {
    return text.chars().allMatch(c -> c == '<');
  }

  private static String stripEnd(String text) {
    int end = text.length();
    while (end > 0 && text.charAt(end - 1) == '<') {
      end--;
    }
    return text.substring(0, end);
  }

  private static String strip(String text) {
    int start = 0;
    while (start < text.length() && text.charAt(start) == '<') {
      start++;
    }
    return stripEnd(text.substring(start));
  }

  private static String words(String text) {
    return String.join(" ", List.of(text.split("<+"))).strip();
  }

  private static String sex(String read) {
    return read.equals("<") ? "X" : read;
  }

  private static String birthDate(String yymmdd, LocalDate today) {
    Optional<LocalDate> recent = date(2000, yymmdd);
    if (recent.isPresent() && !recent.get().isAfter(today)) {
      return recent.get().toString();
    }
    return date(1900, yymmdd).map(LocalDate::toString).orElse("");
  }

  private static Optional<LocalDate> date(int century, String yymmdd) {
    if (yymmdd.length() != 6 || !yymmdd.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.of(century + Integer.parseInt(yymmdd.substring(0, 2)),
          Integer.parseInt(yymmdd.substring(2, 4)), Integer.parseInt(yymmdd.substring(4, 6))));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }
}
