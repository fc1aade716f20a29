package org.kith.extraction.mrz;

import java.util.ArrayList;
import java.util.List;
import org.kith.extraction.mrz.Correction.Reason;

/**
 * The lines of an MRZ as OCR gave them, made ready to read (see {@link MrzParser} steps 1 to 3): normalised (no
 * white space, chevron look-alikes read as {@code <}, upper case, a single run split into lines), and brought to
 * their format's length in every way worth trying. Stateless.
 */
final class MrzLines {
  /** How far a line's length may be from its format's and still be read as one of its lines. */
  static final int MAX_LENGTH_ERROR = 3;

  private static final int MAX_INPUT_LINES = 50;
  private static final String CHEVRONS = "«‹〈⟨＜([{";

  private MrzLines() {}

  static List<String> normalise(List<String> input) {
    List<String> out = new ArrayList<>();
    for (String element : input) {
      for (String part : element.split("\\R", -1)) {
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
    List<String> candidates = out.stream()
        .filter(l -> l.length() >= shortest && l.length() <= longest)
        .toList();
    return candidates.subList(Math.max(0, candidates.size() - MAX_INPUT_LINES), candidates.size());
  }

  static boolean fits(MrzFormat format, List<String> lines) {
    return lines.stream()
        .allMatch(l -> Math.abs(l.length() - format.lineLength()) <= MAX_LENGTH_ERROR);
  }

  static List<String> texts(List<Candidate> candidates) {
    return candidates.stream().map(Candidate::text).toList();
  }

  /** A repaired line and the corrections that made it. */
  record Candidate(String text, List<Correction> corrections) {}

  /** The ways to bring a line to its format's length; the first is the default (change at the end). */
  static List<Candidate> lengthCandidates(MrzFormat format, int lineIndex, String line) {
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
      out.add(clean(
          lineIndex,
          text + fill,
          with(base, new Correction(lineIndex, text.length(), "", fill, "", Reason.LINE_LENGTH))));
      for (int[] run : fillerRuns(text)) {
        if (run[1] < text.length()) {
          out.add(clean(
              lineIndex,
              text.substring(0, run[1]) + fill + text.substring(run[1]),
              with(base, new Correction(lineIndex, run[1], "", fill, "", Reason.LINE_LENGTH))));
        }
      }
    } else {
      int extra = -missing;
      out.add(clean(
          lineIndex,
          text.substring(0, expected),
          with(
              base,
              new Correction(
                  lineIndex, expected, text.substring(expected), "", "", Reason.LINE_LENGTH))));
      for (int[] run : fillerRuns(text)) {
        if (run[1] < text.length() && run[1] - run[0] >= extra) {
          int from = run[1] - extra;
          out.add(clean(
              lineIndex,
              text.substring(0, from) + text.substring(run[1]),
              with(
                  base,
                  new Correction(lineIndex, from, "<".repeat(extra), "", "", Reason.LINE_LENGTH))));
        }
      }
    }
    return out;
  }

  /** Start (inclusive) and end (exclusive) of each maximal run of {@code <}. */
  static List<int[]> fillerRuns(String text) {
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

  static List<Correction> with(List<Correction> base, Correction correction) {
    List<Correction> out = new ArrayList<>(base);
    out.add(correction);
    return out;
  }

  /** Reads characters that cannot occur in an MRZ as {@code <} (the field is named later). */
  static Candidate clean(int lineIndex, String text, List<Correction> corrections) {
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
}
