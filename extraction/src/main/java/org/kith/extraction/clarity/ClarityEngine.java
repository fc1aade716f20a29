package org.kith.extraction.clarity;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.kith.extraction.image.Images;
import org.kith.extraction.ocr.OcrLine;
import org.kith.extraction.ocr.OcrPage;
import org.kith.extraction.ocr.OcrWord;
import org.kith.extraction.ocr.TesseractPool;

/**
 * OCR, training and extraction with Clarity models (see the package documentation for the anchor frame).
 * Blocking and CPU-bound: call it off the event loop. Thread-safe (OCR engines come from the pool).
 */
public final class ClarityEngine {
  /** Text crops are scaled so a one-line field box is this many pixels high (Tesseract's sweet spot). */
  static final int MIN_TEXT_HEIGHT = 64;
  /** Longest side the full-page OCR works on; larger photos are scaled down for it (crops use full resolution). */
  static final int MAX_OCR_SIDE = 2400;
  /** Longest side the anchor-finding OCR works on: anchors are a document's largest print. */
  static final int MAX_ANCHOR_OCR_SIDE = 1400;

  private final TesseractPool ocr;

  public ClarityEngine(TesseractPool ocr) {
    this.ocr = ocr;
    Crops.load();
  }

  /** Thrown when an anchor is not in the image; {@link #anchor} says which ({@code anchor_a} or {@code anchor_c}). */
  public static final class AnchorNotFound extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String anchor;

    AnchorNotFound(String anchor, String text) {
      super(anchor + " (\"" + text + "\") was not found in the image");
      this.anchor = anchor;
    }

    public String anchor() {
      return anchor;
    }
  }

  /** A named component box in the training image's pixels. */
  public record Component(String name, String type, Box box) {}

  /** Extraction result: text lines per field, PNG crops, table cells, mean confidence (0–1). */
  public record Extracted(
      Map<String, List<String>> text,
      Map<String, byte[]> images,
      Map<String, List<List<String>>> tables,
      double confidence,
      Map<String, Double> fieldConfidence) {}

  /** Full-page OCR of an encoded image, turned upright first if it was photographed sideways or upside down. */
  public OcrPage ocr(byte[] image) {
    return upright(Images.decode(image)).page();
  }

  /** An image turned by {@code rotation} degrees clockwise so its text reads upright, and its OCR. */
  public record Upright(BufferedImage image, OcrPage page, int rotation) {}

  /** Score of a reading: the confidence mass of its plausible words. */
  static double score(OcrPage page) {
    return page.words().stream()
        .filter(w -> w.conf() > 50 && w.text().length() > 1)
        .mapToDouble(OcrWord::conf)
        .sum();
  }

  /**
   * Reads the image as given and, when that reading is weak (few confident words), also turned 90°, 180° and
   * 270°, keeping the best reading.
   */
  public Upright upright(BufferedImage image) {
    return upright(image, TesseractPool.PSM_AUTO);
  }

  /**
   * {@link #upright(BufferedImage)} reading with the sparse-text mode, as extraction does: an identity card's
   * scattered fields and photo confuse the page layout analysis (a whole card can come back as three lines), while
   * the sparse mode finds every piece of text, anchors included.
   */
  public Upright uprightSparse(BufferedImage image) {
    return upright(image, TesseractPool.PSM_SPARSE, MAX_ANCHOR_OCR_SIDE);
  }

  private Upright upright(BufferedImage image, int psm) {
    return upright(image, psm, MAX_OCR_SIDE);
  }

  private Upright upright(BufferedImage image, int psm, int maxSide) {
    OcrPage first = ocrPage(image, psm, maxSide);
    Upright best = new Upright(image, first, 0);
    double mean = first.words().stream().mapToDouble(OcrWord::conf).average().orElse(0);
    if (mean >= 75 && first.words().size() >= 3) {
      return best; // reads well as it is: no orientation work at all
    }
    double bestScore = score(first);
    int turn = ocr.orientation(Images.gray(downscaled(image)));
    if (turn > 0) {
      // orientation detection can be fooled by little text: keep its turn only if it reads better
      BufferedImage turned = rotate(image, turn);
      OcrPage page = ocrPage(turned, psm, maxSide);
      if (score(page) > bestScore) {
        return new Upright(turned, page, turn);
      }
    }
    for (int rotation : new int[] {90, 180, 270}) {
      if (rotation == turn) {
        continue;
      }
      BufferedImage turned = rotate(image, rotation);
      OcrPage page = ocrPage(turned, psm, maxSide);
      double s = score(page);
      if (s > bestScore * 1.2) {
        bestScore = s;
        best = new Upright(turned, page, rotation);
      }
    }
    return best;
  }

  /** The image at most {@link #MAX_OCR_SIDE} on its longer side. */
  static BufferedImage downscaled(BufferedImage image) {
    int side = Math.max(image.getWidth(), image.getHeight());
    return side <= MAX_OCR_SIDE ? image : scaled(Images.gray(image), (double) MAX_OCR_SIDE / side);
  }

  /** The image turned clockwise by a multiple of 90 degrees. */
  static BufferedImage rotate(BufferedImage image, int degrees) {
    boolean swap = degrees % 180 != 0;
    int w = swap ? image.getHeight() : image.getWidth();
    int h = swap ? image.getWidth() : image.getHeight();
    int type =
        image.getType() == BufferedImage.TYPE_CUSTOM ? BufferedImage.TYPE_INT_RGB : image.getType();
    BufferedImage out = new BufferedImage(w, h, type);
    java.awt.Graphics2D g = out.createGraphics();
    g.translate(w / 2.0, h / 2.0);
    g.rotate(Math.toRadians(degrees));
    g.translate(-image.getWidth() / 2.0, -image.getHeight() / 2.0);
    g.drawImage(image, 0, 0, null);
    g.dispose();
    return out;
  }

  /** Full-page OCR of a decoded image (scaled down to {@link #MAX_OCR_SIDE} for recognition, boxes in its pixels). */
  public OcrPage ocrPage(BufferedImage image) {
    return ocrPage(image, TesseractPool.PSM_AUTO);
  }

  /** Full-page OCR with a page segmentation mode. */
  public OcrPage ocrPage(BufferedImage image, int psm) {
    return ocrPage(image, psm, MAX_OCR_SIDE);
  }

  private OcrPage ocrPage(BufferedImage image, int psm, int maxSide) {
    int side = Math.max(image.getWidth(), image.getHeight());
    if (side <= maxSide) {
      return ocr.read(Images.gray(image), psm, null);
    }
    double f = (double) maxSide / side;
    BufferedImage small = scaled(Images.gray(image), f);
    OcrPage page = ocr.read(small, psm, null);
    return rescale(page, 1 / f, image.getWidth(), image.getHeight());
  }

  /**
   * Trains a model from one upright sample: finds the anchors (in {@code ocrPage}, or by OCR), expresses each
   * component box in the anchor frame and records the A→C angle and the document size.
   */
  public ClarityModel train(
      byte[] image,
      @Nullable OcrPage ocrPage,
      String name,
      String anchorA,
      String anchorC,
      List<Component> components,
      @Nullable String refiner) {
    BufferedImage decoded = Images.decode(image);
    OcrPage page = ocrPage != null ? ocrPage : ocrPage(decoded, TesseractPool.PSM_SPARSE);
    AnchorFrame frame = frame(page, anchorA, anchorC);
    Map<String, Box> text = new LinkedHashMap<>();
    Map<String, Box> images = new LinkedHashMap<>();
    Map<String, ClarityModel.Table> tables = new LinkedHashMap<>();
    for (Component c : components) {
      double[] p1 = frame.toFrame(c.box().x1(), c.box().y1());
      double[] p2 = frame.toFrame(c.box().x2(), c.box().y2());
      Box inFrame = new Box(round(p1[0]), round(p1[1]), round(p2[0]), round(p2[1]));
      switch (c.type()) {
        case "text" -> text.put(c.name(), inFrame);
        case "image" -> images.put(c.name(), inFrame);
        case "table" -> tables.put(c.name(), new ClarityModel.Table(inFrame, List.of(), List.of()));
        default ->
          throw new IllegalArgumentException("component type must be text, image or table");
      }
    }
    double d = frame.distance();
    List<Integer> norm = List.of((int) Math.round(1000 * decoded.getWidth() / d), (int)
        Math.round(1000 * decoded.getHeight() / d));
    return new ClarityModel(
        name, anchorA, anchorC, norm, round(frame.direction()), text, images, tables, refiner);
  }

  /** Extracts every component of {@code model} from a photo of the document. */
  public Extracted extract(byte[] image, ClarityModel model) {
    Upright upright = uprightSparse(Images.decode(image));
    return extract(upright.image(), upright.page(), model);
  }

  /** Extracts with an OCR page already made of the same image. */
  public Extracted extract(BufferedImage decoded, OcrPage page, ClarityModel model) {
    return extract(decoded, page, model, Map.of());
  }

  /**
   * Extracts with an OCR page already made of the same image; a text field with a pattern in {@code patterns}
   * (from the schema the result is for) has its look-alike characters corrected to fit it.
   */
  public Extracted extract(
      BufferedImage decoded,
      OcrPage page,
      ClarityModel model,
      Map<String, java.util.regex.Pattern> patterns) {
    AnchorFrame frame = frame(page, model.anchorA(), model.anchorC());
    BufferedImage gray = Images.gray(decoded);
    Map<String, List<String>> text = new LinkedHashMap<>();
    Map<String, Double> confidence = new LinkedHashMap<>();
    for (Map.Entry<String, Box> e : model.text().entrySet()) {
      OcrPage read = readText(
          gray, frame.corners(e.getValue(), model.angle()), FieldKinds.whitelist(e.getKey()));
      java.util.regex.Pattern pattern = patterns.get(e.getKey());
      text.put(
          e.getKey(),
          read.lines().stream()
              .map(ClarityEngine::spaced)
              .map(t -> FieldKinds.tidy(e.getKey(), t))
              .map(t -> pattern == null ? t : LookAlikes.fit(t, pattern))
              .toList());
      confidence.put(
          e.getKey(), read.words().stream().mapToDouble(OcrWord::conf).average().orElse(0) / 100);
    }
    Map<String, byte[]> images = new LinkedHashMap<>();
    for (Map.Entry<String, Box> e : model.images().entrySet()) {
      images.put(
          e.getKey(),
          Images.png(Crops.upright(decoded, frame.corners(e.getValue(), model.angle()), 1, 0)));
    }
    Map<String, List<List<String>>> tables = new LinkedHashMap<>();
    for (Map.Entry<String, ClarityModel.Table> e : model.tables().entrySet()) {
      tables.put(e.getKey(), readTable(gray, frame, e.getValue(), model.angle()));
    }
    double mean =
        confidence.values().stream().mapToDouble(Double::doubleValue).average().orElse(0);
    return new Extracted(text, images, tables, mean, confidence);
  }

  /**
   * A line's text with spaces only where the gap between words is a real word gap (at least a fifth of the line
   * height): Tesseract sometimes splits a word of wide letters ({@code S M ITH}).
   */
  static String spaced(OcrLine line) {
    List<OcrWord> words = line.words();
    if (words.size() < 2) {
      return line.text();
    }
    double height = words.stream().mapToInt(OcrWord::height).max().orElse(1);
    StringBuilder b = new StringBuilder(words.get(0).text());
    for (int i = 1; i < words.size(); i++) {
      int gap = words.get(i).x1() - words.get(i - 1).x2();
      if (gap >= height * 0.2) {
        b.append(' ');
      }
      b.append(words.get(i).text());
    }
    return b.toString();
  }

  /** The anchor frame of an image; {@link AnchorNotFound} names a missing anchor. */
  public static AnchorFrame frame(OcrPage page, String anchorA, String anchorC) {
    AnchorFinder.Match a = AnchorFinder.find(page, anchorA, true)
        .orElseThrow(() -> new AnchorNotFound("anchor_a", anchorA));
    AnchorFinder.Match c = AnchorFinder.find(page, anchorC, false)
        .orElseThrow(() -> new AnchorNotFound("anchor_c", anchorC));
    if (Math.hypot(c.x() - a.x(), c.y() - a.y()) < 10) {
      throw new AnchorNotFound("anchor_c", anchorC);
    }
    return new AnchorFrame(a.x(), a.y(), c.x(), c.y());
  }

  private OcrPage readText(BufferedImage gray, double[][] corners, @Nullable String whitelist) {
    double height = Math.hypot(corners[3][0] - corners[0][0], corners[3][1] - corners[0][1]);
    double scale = height < MIN_TEXT_HEIGHT || height > 2 * MIN_TEXT_HEIGHT
        ? MIN_TEXT_HEIGHT / Math.max(1, height)
        : 1;
    BufferedImage crop = Crops.binarised(Crops.upright(gray, corners, scale, 16));
    boolean oneLine = height * scale < 2.2 * MIN_TEXT_HEIGHT;
    OcrPage read =
        ocr.read(crop, oneLine ? TesseractPool.PSM_LINE : TesseractPool.PSM_BLOCK, whitelist);
    // a sliver of a label printed just above the box can make the one-line mode find no line at all
    return oneLine && read.text().isBlank()
        ? ocr.read(crop, TesseractPool.PSM_BLOCK, whitelist)
        : read;
  }

  private List<List<String>> readTable(
      BufferedImage gray, AnchorFrame frame, ClarityModel.Table table, double angle) {
    List<Double> cols = new ArrayList<>(List.of(0.0));
    cols.addAll(table.cols());
    cols.add(1.0);
    List<Double> rows = new ArrayList<>(List.of(0.0));
    rows.addAll(table.rows());
    rows.add(1.0);
    double[][] c = frame.corners(table.box(), angle);
    List<List<String>> out = new ArrayList<>();
    for (int r = 0; r + 1 < rows.size(); r++) {
      List<String> cells = new ArrayList<>();
      for (int k = 0; k + 1 < cols.size(); k++) {
        double[][] cell = {
          at(c, cols.get(k), rows.get(r)),
          at(c, cols.get(k + 1), rows.get(r)),
          at(c, cols.get(k + 1), rows.get(r + 1)),
          at(c, cols.get(k), rows.get(r + 1))
        };
        cells.add(readText(gray, cell, null).text().replace('\n', ' ').strip());
      }
      out.add(cells);
    }
    return out;
  }

  /** The point at ratios (fx, fy) of a quadrilateral (bilinear). */
  private static double[] at(double[][] q, double fx, double fy) {
    double topX = q[0][0] + (q[1][0] - q[0][0]) * fx;
    double topY = q[0][1] + (q[1][1] - q[0][1]) * fx;
    double botX = q[3][0] + (q[2][0] - q[3][0]) * fx;
    double botY = q[3][1] + (q[2][1] - q[3][1]) * fx;
    return new double[] {topX + (botX - topX) * fy, topY + (botY - topY) * fy};
  }

  private static BufferedImage scaled(BufferedImage gray, double f) {
    int w = Math.max(1, (int) Math.round(gray.getWidth() * f));
    int h = Math.max(1, (int) Math.round(gray.getHeight() * f));
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    java.awt.Graphics2D g = out.createGraphics();
    g.setRenderingHint(
        java.awt.RenderingHints.KEY_INTERPOLATION,
        java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(gray, 0, 0, w, h, null);
    g.dispose();
    return out;
  }

  private static OcrPage rescale(OcrPage page, double f, int width, int height) {
    List<OcrLine> lines = new ArrayList<>();
    List<OcrWord> words = new ArrayList<>();
    for (OcrLine l : page.lines()) {
      List<OcrWord> ws = l.words().stream()
          .map(w -> new OcrWord(
              w.text(),
              w.conf(),
              (int) Math.round(w.x1() * f),
              (int) Math.round(w.y1() * f),
              (int) Math.round(w.x2() * f),
              (int) Math.round(w.y2() * f)))
          .toList();
      words.addAll(ws);
      lines.add(new OcrLine(
          l.text(),
          l.conf(),
          (int) Math.round(l.x1() * f),
          (int) Math.round(l.y1() * f),
          (int) Math.round(l.x2() * f),
          (int) Math.round(l.y2() * f),
          ws));
    }
    return new OcrPage(words, lines, width, height);
  }

  private static double round(double v) {
    return Math.round(v * 10000) / 10000.0;
  }
}
