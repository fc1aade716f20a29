package org.kith.extraction.ocr;

/** A recognised word: its text, Tesseract's confidence (0–100) and its box {@code [x1, y1, x2, y2]} in pixels. */
public record OcrWord(String text, double conf, int x1, int y1, int x2, int y2) {
  public int width() {
    return x2 - x1;
  }

  public int height() {
    return y2 - y1;
  }

  public double centerX() {
    return (x1 + x2) / 2.0;
  }

  public double centerY() {
    return (y1 + y2) / 2.0;
  }
}
