package org.kith.extraction.ocr;

import java.util.List;

/** A text line: its words in reading order, their text joined by spaces, and the line's box in pixels. */
public record OcrLine(
    String text, double conf, int x1, int y1, int x2, int y2, List<OcrWord> words) {
  public OcrLine {
    words = List.copyOf(words);
  }
}
