package org.kith.extraction.ocr;

import java.util.List;
import java.util.stream.Collectors;

/** What Tesseract read in an image: words, lines and the image size. */
public record OcrPage(List<OcrWord> words, List<OcrLine> lines, int width, int height) {
  public OcrPage {
    words = List.copyOf(words);
    lines = List.copyOf(lines);
  }

  /** The lines' text, one per line. */
  public String text() {
    return lines.stream().map(OcrLine::text).collect(Collectors.joining("\n"));
  }
}
