package org.kith.api.clarity;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.kith.api.clarity.ClarityResponses.Extracted;
import org.kith.api.clarity.ClarityResponses.MappedProperties;
import org.kith.api.clarity.ClarityResponses.MappingError;
import org.kith.api.clarity.ClarityResponses.OcrPage;
import org.kith.api.clarity.ClarityResponses.SignedExtraction;
import org.kith.api.clarity.ClarityResponses.TrainedModel;
import org.kith.core.Rejected;
import org.kith.core.account.Principal;
import org.kith.core.clarity.ClarityService;
import org.kith.core.clarity.DocumentReader;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code /v1/clarity}: every route needs a signed-in caller; images travel as base64. */
@RestController
@SecurityRequirement(name = "bearer")
final class ClarityController {
  private final ClarityService clarity;

  ClarityController(ClarityService clarity) {
    this.clarity = clarity;
  }

  /** An uploaded file: base64 data (a {@code data:} URL prefix is accepted). */
  record FileBody(
      @Nullable String contentType,
      @Nullable String filename,
      @Nullable String data) {}

  record OcrRequest(@Nullable FileBody file) {}

  record ComponentBody(
      @Nullable String name,
      @Nullable String type,
      @Nullable Double x1,
      @Nullable Double y1,
      @Nullable Double x2,
      @Nullable Double y2) {}

  record TrainRequest(
      @Nullable Object image,

      @Schema(
          description = "the answer of /v1/clarity/ocr for this image",
          implementation = OcrPage.class)
      @Nullable
      Map<String, Object> ocr,

      @Nullable String name,
      @Nullable String anchorA,
      @Nullable String anchorC,
      @Nullable List<ComponentBody> components,
      @Nullable String modelRefiner) {}

  record ExtractRequest(
      @Nullable FileBody file,
      @Nullable String modelId,
      @Nullable String schemaName) {}

  record ExtractVerifyRequest(
      @Nullable List<String> formData, @Nullable String schemaName) {}

  record MapRequest(@Nullable Object data, @Nullable String signature) {}

  @PostMapping(path = "/v1/clarity/ocr", produces = "application/json")
  @Operation(
      operationId = "clarityOcrImage",
      summary = "OCR an image: words with confidence and pixel boxes, lines, image size")
  Mono<OcrPage> ocr(Principal caller, @RequestBody OcrRequest body) {
    return clarity
        .ocr(bytes(body.file() == null ? null : body.file().data(), "file"))
        .map(OcrPage::of);
  }

  @PostMapping(path = "/v1/clarity/train", produces = "application/json")
  @Operation(
      summary =
          "Train a model from one sample image, two anchors and component boxes in its pixels")
  Mono<TrainedModel> train(Principal caller, @RequestBody TrainRequest body) {
    byte[] image = bytes(
        body.image() instanceof Map<?, ?> m && m.get("data") instanceof String d
            ? d
            : body.image() instanceof String s ? s : null,
        "image");
    String anchorA = required(body.anchorA(), "anchor_a");
    String anchorC = required(body.anchorC(), "anchor_c");
    List<DocumentReader.Component> components = new ArrayList<>();
    List<ComponentBody> given = body.components() == null ? List.of() : body.components();
    for (int i = 0; i < given.size(); i++) {
      ComponentBody c = given.get(i);
      if (c.name() == null
          || c.name().isBlank()
          || c.x1() == null
          || c.y1() == null
          || c.x2() == null
          || c.y2() == null
          || c.x2() <= c.x1()
          || c.y2() <= c.y1()) {
        throw Rejected.invalid(
            "components/" + i, "a component needs a name and a box with x1 < x2 and y1 < y2");
      }
      String type = c.type() == null ? "text" : c.type();
      if (!List.of("text", "image", "table").contains(type)) {
        throw Rejected.invalid("components/" + i + "/type", "type is text, image or table");
      }
      components.add(
          new DocumentReader.Component(c.name(), type, List.of(c.x1(), c.y1(), c.x2(), c.y2())));
    }
    String name =
        body.name() == null || body.name().isBlank() ? anchorA + " / " + anchorC : body.name();
    return clarity
        .train(image, ocrPage(body.ocr()), name, anchorA, anchorC, components, body.modelRefiner())
        .map(t -> new TrainedModel(t.properties(), t.signature()));
  }

  @PostMapping(path = "/v1/clarity/extract", produces = "application/json")
  @Operation(summary = "Extract a document's fields, images and tables with a model you can see")
  Mono<Extracted> extract(Principal caller, @RequestBody ExtractRequest body) {
    String modelId = required(body.modelId(), "model_id");
    return clarity
        .extract(
            caller,
            bytes(body.file() == null ? null : body.file().data(), "file"),
            modelId,
            body.schemaName())
        .map(x -> Extracted.of(x, modelId));
  }

  @PostMapping(path = "/v1/clarity/extract-verify", produces = "application/json")
  @Operation(
      summary = "Pick the model, extract, verify (MRZ, consistency, dates) and sign the result")
  Mono<SignedExtraction> extractVerify(Principal caller, @RequestBody ExtractVerifyRequest body) {
    List<byte[]> images = new ArrayList<>();
    List<String> given = body.formData() == null ? List.of() : body.formData();
    for (int i = 0; i < given.size(); i++) {
      images.add(bytes(given.get(i), "form_data/" + i));
    }
    return clarity
        .extractVerify(caller, images, required(body.schemaName(), "schema_name"))
        .map(s -> new SignedExtraction(s.data(), s.signature(), s.checks()));
  }

  @PostMapping(path = "/v1/clarity/map", produces = "application/json")
  @Operation(
      operationId = "clarityMapToSchema",
      summary = "Verify a signed extract-verify result and map it onto its schema's properties")
  Mono<MappedProperties> map(Principal caller, @RequestBody MapRequest body) {
    return clarity
        .map(body.data(), body.signature())
        .map(m -> new MappedProperties(
            m.schemaName(),
            m.properties(),
            m.valid(),
            m.errors().stream()
                .map(e -> new MappingError(e.path(), e.message()))
                .toList()));
  }

  /** A page given back by a client (from {@code /ocr}); malformed → 400. */
  @SuppressWarnings("unchecked")
  private static DocumentReader.@Nullable Page ocrPage(@Nullable Map<String, Object> ocr) {
    if (ocr == null) {
      return null;
    }
    try {
      return new DocumentReader.Page(
          texts(ocr.get("words")),
          texts(ocr.get("lines")),
          ((Number) ocr.get("width")).intValue(),
          ((Number) ocr.get("height")).intValue(),
          ocr.get("rotation") instanceof Number r ? r.intValue() : 0);
    } catch (RuntimeException e) {
      throw Rejected.invalid("ocr", "ocr must be the answer of /v1/clarity/ocr");
    }
  }

  private static List<DocumentReader.Text> texts(Object list) {
    List<DocumentReader.Text> out = new ArrayList<>();
    for (Object o : (List<?>) list) {
      Map<?, ?> m = (Map<?, ?>) o;
      List<Integer> box =
          ((List<?>) m.get("box")).stream().map(n -> ((Number) n).intValue()).toList();
      if (box.size() != 4) {
        throw new IllegalArgumentException("box");
      }
      out.add(new DocumentReader.Text(
          (String) m.get("text"), ((Number) m.get("conf")).doubleValue(), box));
    }
    return out;
  }

  private static String required(@Nullable String value, String field) {
    if (value == null || value.isBlank()) {
      throw Rejected.invalid(field, field + " is required");
    }
    return value;
  }

  private static byte[] bytes(@Nullable String base64, String field) {
    if (base64 == null || base64.isBlank()) {
      throw Rejected.invalid(field, "base64 image data is required");
    }
    String data = base64.startsWith("data:") && base64.contains(",")
        ? base64.substring(base64.indexOf(',') + 1)
        : base64;
    try {
      return Base64.getMimeDecoder().decode(data);
    } catch (IllegalArgumentException e) {
      throw Rejected.invalid(field, "not base64");
    }
  }
}
