package org.kith.extraction.clarity;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.kith.extraction.ocr.OcrLine;
import org.kith.extraction.ocr.OcrPage;
import org.kith.extraction.ocr.OcrWord;

/**
 * Finds an anchor text among OCR words: every run of consecutive words on a line with as many words as the
 * anchor is compared with it (case, spaces and punctuation ignored) by Levenshtein similarity, so a misread
 * character or two still matches. Ties go to the run nearest the corner the anchor belongs to. Thread-safe.
 */
public final class AnchorFinder {
  /** Least similarity (1 − distance / length) that counts as a match. */
  public static final double MIN_SIMILARITY = 0.75;
  /** Longest anchor or refiner text (normalised) searched for. */
  public static final int MAX_ANCHOR_LENGTH = 100;

  private AnchorFinder() {}

  /** Where an anchor was found: the centre and size of the matched words' box, and how similar they were. */
  public record Match(double x, double y, double height, double similarity, String text) {}

  /**
   * @param topLeft true for anchor A (prefer matches near the top-left), false for C (bottom-right)
   */
  public static Optional<Match> find(OcrPage page, String anchor, boolean topLeft) {
    return find(page, anchor, topLeft, MIN_SIMILARITY);
  }

  /** As {@link #find(OcrPage, String, boolean)} with another least similarity (1.0: exact after normalising). */
  public static Optional<Match> find(
      OcrPage page, String anchor, boolean topLeft, double minSimilarity) {
    String wanted = normalise(anchor);
    if (wanted.isEmpty() || wanted.length() > MAX_ANCHOR_LENGTH) {
      return Optional.empty();
    }
    // a distance above this cannot reach minSimilarity: the bounded Levenshtein gives up early
    // (cost O(n·k))
    int threshold =
        (int) Math.floor((1 - minSimilarity) * wanted.length() / Math.max(minSimilarity, 0.01)) + 1;
    LevenshteinDistance levenshtein = new LevenshteinDistance(threshold);
    int n = Math.max(1, anchor.trim().split("\\s+").length);
    Match best = null;
    double bestScore = -1;
    for (OcrLine line : page.lines()) {
      List<OcrWord> words = line.words();
      for (int size = Math.max(1, n - 1); size <= n + 1; size++) {
        for (int i = 0; i + size <= words.size(); i++) {
          List<OcrWord> run = words.subList(i, i + size);
          String text =
              normalise(String.join("", run.stream().map(OcrWord::text).toList()));
          if (text.isEmpty()
              || Math.min(text.length(), wanted.length())
                  < minSimilarity * Math.max(text.length(), wanted.length())) {
            continue; // lengths too different to ever be similar enough
          }
          int distance = levenshtein.apply(wanted, text);
          if (distance < 0) {
            continue; // beyond the threshold
          }
          double similarity = 1.0 - (double) distance / Math.max(wanted.length(), text.length());
          if (similarity < minSimilarity) {
            continue;
          }
          int x1 = run.stream().mapToInt(OcrWord::x1).min().orElseThrow();
          int y1 = run.stream().mapToInt(OcrWord::y1).min().orElseThrow();
          int x2 = run.stream().mapToInt(OcrWord::x2).max().orElseThrow();
          int y2 = run.stream().mapToInt(OcrWord::y2).max().orElseThrow();
          double cx = (x1 + x2) / 2.0;
          double cy = (y1 + y2) / 2.0;
          // similarity first; among equals the one nearer the anchor's corner
          double corner = (topLeft ? -(cx + cy) : (cx + cy)) / (page.width() + page.height() + 1.0);
          double score = similarity * 10 + corner;
          if (score > bestScore) {
            bestScore = score;
            best = new Match(
                cx,
                cy,
                y2 - y1,
                similarity,
                String.join(" ", run.stream().map(OcrWord::text).toList()));
          }
        }
      }
    }
    return Optional.ofNullable(best);
  }

  static String normalise(String s) {
    return s.toUpperCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]", "");
  }
}
