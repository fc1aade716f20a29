package org.kith.extraction.mrz;

/** The ICAO 9303 MRZ formats, told apart by line count and line length. Immutable and thread-safe. */
public enum MrzFormat {
  /** ID-1 size cards: 3 lines of 30 characters. */
  TD1(3, 30),
  /** ID-2 size cards and MRV-B visas: 2 lines of 36 characters. */
  TD2(2, 36),
  /** Passport booklets and MRV-A visas: 2 lines of 44 characters. */
  TD3(2, 44);

  private final int lineCount;
  private final int lineLength;

  MrzFormat(int lineCount, int lineLength) {
    this.lineCount = lineCount;
    this.lineLength = lineLength;
  }

  /** Number of lines. */
  public int lineCount() {
    return lineCount;
  }

  /** Characters per line. */
  public int lineLength() {
    return lineLength;
  }
}
