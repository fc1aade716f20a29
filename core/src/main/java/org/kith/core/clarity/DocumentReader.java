package org.kith.core.clarity;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Port: the image side of Clarity. Blocking and CPU-bound (the caller runs it on a bounded pool). Bad images
 * are a 400 {@link org.kith.core.Rejected}; a model whose anchors are not in the image is a 422 naming the
 * anchor.
 */
public interface DocumentReader {
  /** A word or a line: text, confidence 0–100, box {@code [x1, y1, x2, y2]} in pixels. */
  record Text(String text, double conf, List<Integer> box) {}

  /**
   * Full-page OCR. {@code rotation}: degrees clockwise the image was turned to read upright (0, 90, 180, 270);
   * boxes, width and height refer to the turned image.
   */
  record Page(List<Text> words, List<Text> lines, int width, int height, int rotation) {}

  /** A training component in the sample image's pixels. */
  record Component(String name, String type, List<Double> box) {}

  /** What a model extracted: text lines per field, PNG crops (base64), table cells, confidence 0–1. */
  record Extraction(
      Map<String, List<String>> text,
      Map<String, String> images,
      Map<String, List<List<String>>> tables,
      double confidence) {}

  /** A machine-readable zone read from the image: parsed fields, check-digit results, corrections. */
  record Mrz(
      String format,
      List<String> lines,
      Map<String, String> fields,
      Map<String, Boolean> checks,
      boolean valid,
      int corrections) {}

  Page ocr(byte[] image);

  /**
   * OCR meant for finding anchors (and MRZ bands): sparse-text reading, which finds scattered card text that the
   * page layout analysis of {@link #ocr} can miss.
   */
  Page anchorPage(byte[] image);

  /** A model's properties trained from one upright sample. */
  Map<String, Object> train(
      byte[] image,
      @Nullable Page ocr,
      String name,
      String anchorA,
      String anchorC,
      List<Component> components,
      @Nullable String refiner);

  /** How well a model's anchors (and refiner, if any) match an OCR page: empty when an anchor is missing. */
  Optional<Double> match(Page page, Map<String, Object> model);

  /**
   * @param patterns regular expressions some fields must match (from the target schema, compiled): look-alike
   *     characters in those fields are corrected to fit
   */
  Extraction extract(
      byte[] image,
      @Nullable Page page,
      Map<String, Object> model,
      Map<String, java.util.regex.Pattern> patterns);

  /** The MRZ in the image, if there is one that parses. */
  Optional<Mrz> mrz(byte[] image, @Nullable Page page);
}
