package org.kith.extraction.clarity;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.kith.core.ProblemKind;
import org.kith.core.Rejected;
import org.kith.core.clarity.DocumentReader;
import org.kith.extraction.image.Images;
import org.kith.extraction.ocr.OcrLine;
import org.kith.extraction.ocr.OcrPage;
import org.kith.extraction.ocr.OcrWord;
import org.kith.extraction.ocr.TesseractPool;

/**
 * {@link DocumentReader} with Tesseract (tess4j) and OpenCV: maps the engine's results to the core's records
 * and its failures to problems (bad image → 400, missing anchor → 422 naming it, busy engines → 503).
 * Thread-safe.
 */
public final class TesseractDocumentReader implements DocumentReader {
  private final ClarityEngine engine;
  private final MrzReader mrz;

  public TesseractDocumentReader(TesseractPool pool, org.kith.extraction.mrz.MrzParser parser) {
    this.engine = new ClarityEngine(pool);
    this.mrz = new MrzReader(pool, parser);
  }

  @Override
  public Page ocr(byte[] image) {
    ClarityEngine.Upright upright = guard(() -> engine.upright(Images.decode(image)));
    return page(upright.page(), upright.rotation());
  }

  @Override
  public Page anchorPage(byte[] image) {
    ClarityEngine.Upright upright = guard(() -> engine.uprightSparse(Images.decode(image)));
    return page(upright.page(), upright.rotation());
  }

  /** The image as the page saw it: decoded and turned by the page's rotation (or read upright afresh). */
  private ClarityEngine.Upright oriented(byte[] image, @Nullable Page page) {
    BufferedImage decoded = Images.decode(image);
    if (page == null) {
      return engine.uprightSparse(decoded);
    }
    return new ClarityEngine.Upright(
        page.rotation() == 0 ? decoded : ClarityEngine.rotate(decoded, page.rotation()),
        page(page),
        page.rotation());
  }

  @Override
  public Map<String, Object> train(
      byte[] image,
      @Nullable Page ocr,
      String name,
      String anchorA,
      String anchorC,
      List<Component> components,
      @Nullable String refiner) {
    List<ClarityEngine.Component> list = new ArrayList<>();
    for (Component c : components) {
      if (c.box().size() != 4) {
        throw Rejected.invalid("components", "each component has a box x1, y1, x2, y2");
      }
      list.add(new ClarityEngine.Component(
          c.name(),
          c.type(),
          new Box(c.box().get(0), c.box().get(1), c.box().get(2), c.box().get(3))));
    }
    if (ocr != null && ocr.rotation() != 0) {
      throw Rejected.invalid(
          "image",
          "train with an upright sample (the OCR says it was turned " + ocr.rotation() + "°)");
    }
    return guard(() -> engine.train(
            image, ocr == null ? null : page(ocr), name, anchorA, anchorC, list, refiner))
        .toProperties();
  }

  @Override
  public Optional<Double> match(Page page, Map<String, Object> model) {
    ClarityModel m;
    try {
      m = ClarityModel.of(model);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    OcrPage p = page(page);
    Optional<AnchorFinder.Match> a = AnchorFinder.find(p, m.anchorA(), true);
    Optional<AnchorFinder.Match> c = AnchorFinder.find(p, m.anchorC(), false);
    if (a.isEmpty() || c.isEmpty()) {
      return Optional.empty();
    }
    double score = a.get().similarity() + c.get().similarity();
    if (m.refiner() != null) {
      // a refiner is a text that tells apart versions sharing anchors ("SERIES 2019" vs "SERIES
      // 2016"): it must
      // be on the document, read exactly (letters, digits; case, spaces and punctuation ignored)
      Optional<AnchorFinder.Match> r = AnchorFinder.find(p, m.refiner(), true, 1.0);
      if (r.isEmpty()) {
        return Optional.empty();
      }
      score += 1 + r.get().similarity();
    }
    return Optional.of(score);
  }

  @Override
  public Extraction extract(
      byte[] image,
      @Nullable Page page,
      Map<String, Object> model,
      Map<String, java.util.regex.Pattern> patterns) {
    ClarityModel m;
    try {
      m = ClarityModel.of(model);
    } catch (RuntimeException e) {
      throw Rejected.of(ProblemKind.UNPROCESSABLE, "the model is not usable: " + e.getMessage());
    }
    ClarityEngine.Extracted out = guard(() -> {
      ClarityEngine.Upright upright = oriented(image, page);
      return engine.extract(upright.image(), upright.page(), m, patterns);
    });
    Map<String, String> images = new LinkedHashMap<>();
    out.images().forEach((k, v) -> images.put(k, Base64.getEncoder().encodeToString(v)));
    return new Extraction(
        out.text(), images, out.tables(), Math.round(out.confidence() * 1000) / 1000.0);
  }

  @Override
  public Optional<DocumentReader.Mrz> mrz(byte[] image, @Nullable Page page) {
    Optional<org.kith.extraction.mrz.Mrz> read = guard(() -> {
      ClarityEngine.Upright upright = oriented(image, page);
      return mrz.read(upright.image(), upright.page());
    });
    return read.map(r -> {
      Map<String, Boolean> checks = new LinkedHashMap<>();
      r.checks().forEach((k, v) -> checks.put(k.key(), v));
      Map<String, String> fields = new LinkedHashMap<>(r.fields());
      return new DocumentReader.Mrz(
          r.format().name(),
          r.lines(),
          fields,
          checks,
          r.valid(),
          r.corrections().size());
    });
  }

  private static <T> T guard(java.util.function.Supplier<T> work) {
    try {
      return work.get();
    } catch (Images.BadImage e) {
      throw Rejected.invalid("file", e.getMessage());
    } catch (ClarityEngine.AnchorNotFound e) {
      throw Rejected.of(ProblemKind.UNPROCESSABLE, e.getMessage() + " (" + e.anchor() + ")");
    } catch (TesseractPool.Unavailable e) {
      throw org.kith.core.Failed.busy(e.getMessage(), java.time.Duration.ofSeconds(60));
    } catch (TesseractPool.Busy e) {
      throw org.kith.core.Failed.busy(
          "all OCR engines are busy; try again shortly", java.time.Duration.ofSeconds(2));
    } catch (IllegalArgumentException e) {
      throw Rejected.invalid("components", e.getMessage());
    } catch (org.opencv.core.CvException e) {
      throw Rejected.of(
          ProblemKind.UNPROCESSABLE, "the image could not be processed with this model");
    }
  }

  static Page page(OcrPage p, int rotation) {
    return new Page(
        p.words().stream()
            .map(w -> new Text(w.text(), w.conf(), List.of(w.x1(), w.y1(), w.x2(), w.y2())))
            .toList(),
        p.lines().stream()
            .map(l -> new Text(l.text(), l.conf(), List.of(l.x1(), l.y1(), l.x2(), l.y2())))
            .toList(),
        p.width(),
        p.height(),
        rotation);
  }

  /** Rebuilds engine lines from a core page (words are attached to the line whose box contains their centre). */
  static OcrPage page(Page p) {
    List<OcrWord> words = p.words().stream()
        .map(w -> new OcrWord(
            w.text(),
            w.conf(),
            w.box().get(0),
            w.box().get(1),
            w.box().get(2),
            w.box().get(3)))
        .toList();
    List<OcrLine> lines = new ArrayList<>();
    for (Text l : p.lines()) {
      int x1 = l.box().get(0);
      int y1 = l.box().get(1);
      int x2 = l.box().get(2);
      int y2 = l.box().get(3);
      List<OcrWord> in = words.stream()
          .filter(
              w -> w.centerX() >= x1 && w.centerX() <= x2 && w.centerY() >= y1 && w.centerY() <= y2)
          .toList();
      lines.add(new OcrLine(l.text(), l.conf(), x1, y1, x2, y2, in));
    }
    return new OcrPage(words, lines, p.width(), p.height());
  }
}
