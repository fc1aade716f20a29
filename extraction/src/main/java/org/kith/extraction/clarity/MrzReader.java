package org.kith.extraction.clarity;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.kith.extraction.image.Images;
import org.kith.extraction.mrz.Mrz;
import org.kith.extraction.mrz.MrzParser;
import org.kith.extraction.ocr.OcrLine;
import org.kith.extraction.ocr.OcrPage;
import org.kith.extraction.ocr.TesseractPool;

/**
 * Finds and reads the machine-readable zone of a document image: the MRZ band is the run of page-OCR lines
 * that look like MRZ text (mostly {@code A-Z 0-9 <}, with filler chevrons); the band is cropped with a margin,
 * scaled so a line is about {@value #LINE_HEIGHT} pixels high and read again as a block restricted to the MRZ
 * alphabet; the parser then fixes line lengths and look-alikes with the check digits. Thread-safe.
 */
public final class MrzReader {
  static final int LINE_HEIGHT = 44;
  private static final Pattern MRZ_LIKE = Pattern.compile("[A-Z0-9<]{20,}");
  private final TesseractPool ocr;
  private final MrzParser parser;

  public MrzReader(TesseractPool ocr, MrzParser parser) {
    this.ocr = ocr;
    this.parser = parser;
  }

  /** The MRZ of {@code image} (whose page OCR is {@code page}), if one parses. */
  public Optional<Mrz> read(BufferedImage image, OcrPage page) {
    List<OcrLine> band = band(page);
    if (band.isEmpty()) {
      return Optional.empty();
    }
    int x1 = band.stream().mapToInt(OcrLine::x1).min().orElseThrow();
    int y1 = band.stream().mapToInt(OcrLine::y1).min().orElseThrow();
    int x2 = band.stream().mapToInt(OcrLine::x2).max().orElseThrow();
    int y2 = band.stream().mapToInt(OcrLine::y2).max().orElseThrow();
    double lineHeight = (double) (y2 - y1) / band.size();
    int mx = (int) (lineHeight * 1.5);
    int my = (int) (lineHeight * 0.6);
    double[][] corners = {
      {x1 - mx, y1 - my}, {x2 + mx, y1 - my}, {x2 + mx, y2 + my}, {x1 - mx, y2 + my}
    };
    double scale = Math.min(4, Math.max(0.5, LINE_HEIGHT / Math.max(1, lineHeight * 0.8)));
    BufferedImage crop = Crops.upright(Images.gray(image), corners, scale, 8);
    OcrPage read = ocr.read(crop, TesseractPool.PSM_BLOCK, FieldKinds.MRZ);
    Optional<Mrz> fromCrop =
        parser.parse(read.lines().stream().map(OcrLine::text).toList());
    Optional<Mrz> fromPage = parser.parse(band.stream().map(OcrLine::text).toList());
    if (fromCrop.isPresent()
        && (fromCrop.get().valid() || fromPage.isEmpty() || !fromPage.get().valid())) {
      return fromCrop;
    }
    return fromPage.isPresent() ? fromPage : fromCrop;
  }

  /** The bottom-most run of consecutive MRZ-looking lines (2 or 3 of them). */
  static List<OcrLine> band(OcrPage page) {
    List<OcrLine> run = new ArrayList<>();
    List<OcrLine> best = List.of();
    for (OcrLine line : page.lines()) {
      String t = line.text().replace(" ", "").toUpperCase(java.util.Locale.ROOT);
      boolean looks =
          MRZ_LIKE.matcher(t).find() && t.chars().filter(c -> c == '<').count() >= 2;
      if (looks) {
        run.add(line);
      } else if (!run.isEmpty()) {
        if (run.size() >= 2) {
          best = List.copyOf(run);
        }
        run.clear();
      }
    }
    if (run.size() >= 2) {
      best = List.copyOf(run);
    }
    return best.size() > 3 ? best.subList(best.size() - 3, best.size()) : best;
  }
}
