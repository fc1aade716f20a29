package org.kith.api.clarity;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;
import org.kith.core.clarity.DocumentReader;

/** Response bodies of the /v1/clarity routes (snake_case by the application's naming strategy). */
final class ClarityResponses {
  private ClarityResponses() {}

  /** A recognised word or line: its text, confidence and pixel box {@code [x1, y1, x2, y2]}. */
  record OcrText(String text, double conf, List<Integer> box) {
    static OcrText of(DocumentReader.Text t) {
      return new OcrText(t.text(), t.conf(), t.box());
    }
  }

  /** An OCR'd page: words, lines, the image's size and rotation. */
  record OcrPage(List<OcrText> words, List<OcrText> lines, int width, int height, int rotation) {
    static OcrPage of(DocumentReader.Page p) {
      return new OcrPage(
          p.words().stream().map(OcrText::of).toList(),
          p.lines().stream().map(OcrText::of).toList(),
          p.width(),
          p.height(),
          p.rotation());
    }
  }

  /** A trained model's properties (to store as a model profile object) and the platform's signature. */
  record TrainedModel(
      @Schema(description = "the model's properties") Map<String, Object> properties,
      String signature) {}

  /** What a model extracted: text lines per field, PNG crops (base64), table cells, confidence 0–1. */
  record Extracted(
      Map<String, List<String>> text,
      Map<String, String> images,
      Map<String, List<List<String>>> tables,
      String modelId,
      double confidence) {
    static Extracted of(DocumentReader.Extraction x, String modelId) {
      return new Extracted(x.text(), x.images(), x.tables(), modelId, x.confidence());
    }
  }

  /**
   * A signed extract-verify result: {@code schema_name}, {@code document_data} and the verifications that passed;
   * beside it, unsigned, every check made with whether it passed and why not.
   */
  record SignedExtraction(
      @Schema(description = "schema_name, document_data and verifications (the checks that passed)")
      Map<String, Object> data,

      String signature,

      @Schema(description = "every check made: {name, passed, detail?}; a check not made is absent")
      List<Map<String, Object>> checks) {}

  /** A validation error of the mapped properties. */
  record MappingError(String path, String message) {}

  /** A verified extraction mapped onto its schema's properties, and whether they are valid. */
  record MappedProperties(
      String schemaName,
      @Schema(description = "the schema's properties") Map<String, Object> properties,
      boolean valid,
      List<MappingError> errors) {}
}
