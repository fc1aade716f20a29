package org.kith.extraction.clarity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.regex.Pattern;
import org.kith.extraction.image.Images;

/**
 * The Clarity models Kith ships ({@code kith/clarity/models/} in the extraction jar): how each is trained from
 * one synthetic sample, how it is written, and how well it reads photos of other synthetic documents. Used by
 * {@link ShippedModelsTests} and, as a program, by {@code bench/clarity.sh shipped}.
 */
public final class ShippedModelSets {
  public static final String DIR = "kith/clarity/models/";
  /** Written into every shipped model's description and the file; a new version replaces the installed one. */
  public static final int VERSION = 1;

  static final String START_DATE = "2026-12-07";

  private ShippedModelSets() {}

  /** A shipped model: its file, the schema it reads, how to train it and how to draw a test document. */
  public record Spec(
      String file,
      String schemaName,
      String name,
      String country,
      String description,
      String anchorA,
      String anchorC,
      BufferedImage sample,
      List<ClarityEngine.Component> components,
      IntFunction<Document> documents,
      Map<String, Pattern> patterns) {}

  /** A synthetic document and the printed fields it carries. */
  public record Document(BufferedImage image, Map<String, String> fields) {}

  public static List<Spec> specs() {
    return List.of(
        new Spec(
            "nz-driver-licence.json",
            "ss_NZ_DriverLicence",
            "KITH_NZ_DL_FRONT",
            "NZ",
            "New Zealand driver licence, front (Kith's synthetic card layout)",
            SyntheticCards.ANCHOR_A,
            SyntheticCards.ANCHOR_C,
            SyntheticCards.card(SyntheticCards.person(0)),
            SyntheticCards.components(),
            i -> {
              SyntheticCards.Person p = SyntheticCards.person(i);
              return new Document(SyntheticCards.card(p), p.fields());
            },
            Map.of(
                "licence_number", Pattern.compile("^[A-Z]{2}\\d{6}$"),
                "card_version", Pattern.compile("^\\d{3}$"))),
        new Spec(
            "passport-td3.json",
            "ss_NZ_Passport",
            "KITH_PASSPORT_TD3",
            "NZ",
            "Passport data page, ICAO 9303 TD3 (Kith's synthetic page layout; the MRZ is read separately)",
            SyntheticPassports.ANCHOR_A,
            SyntheticPassports.ANCHOR_C,
            SyntheticPassports.page(SyntheticPassports.holder(0)),
            SyntheticPassports.components(),
            i -> {
              SyntheticPassports.Holder h = SyntheticPassports.holder(i);
              return new Document(SyntheticPassports.page(h), h.fields());
            },
            Map.of(
                "passport_number", Pattern.compile("^[A-Z0-9<]{1,9}$"),
                "nationality", Pattern.compile("^[A-Z]{3}$"))));
  }

  /** Trains a spec's model from its upright sample, as {@code /v1/clarity/train} does. */
  static Map<String, Object> train(ClarityEngine engine, Spec s) {
    ClarityModel m = engine.train(
        Images.png(s.sample()), null, s.name(), s.anchorA(), s.anchorC(), s.components(), null);
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("name", m.name());
    p.put("country", s.country());
    p.put("description", s.description() + "; shipped with Kith, model version " + VERSION);
    p.putAll(m.toProperties());
    p.put("model_start_date", START_DATE);
    Map<String, Object> file = new LinkedHashMap<>();
    file.put("version", VERSION);
    file.put("schema_name", s.schemaName());
    file.put("properties", p);
    return file;
  }

  /** Trains every spec and writes the model files and {@code index.json} into {@code dir}. */
  static void write(ClarityEngine engine, Path dir) throws IOException {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    Files.createDirectories(dir);
    List<String> files = new ArrayList<>();
    for (Spec s : specs()) {
      Files.writeString(dir.resolve(s.file()), json.writeValueAsString(train(engine, s)) + "\n");
      files.add(s.file());
    }
    Files.writeString(dir.resolve("index.json"), json.writeValueAsString(files) + "\n");
  }

  /** The shipped model file of a spec, as on the class path. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> shipped(Spec s) {
    try (InputStream in =
        ShippedModelSets.class.getClassLoader().getResourceAsStream(DIR + s.file())) {
      if (in == null) {
        throw new IllegalStateException("missing " + DIR + s.file());
      }
      return new ObjectMapper().readValue(in, Map.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reading results over a set of photographed documents. */
  public record Score(int exact, int total, List<String> misses, List<Double> seconds) {
    double median() {
      List<Double> sorted = seconds.stream().sorted().toList();
      return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
    }
  }

  /**
   * Photographs documents {@code first … first+count-1} of a spec (scaled 0.7–1.3×, turned ±4°, shifted, noisy,
   * JPEG 0.8) and reads each with the shipped model, timing the whole read (orientation, anchors, fields).
   */
  @SuppressWarnings("unchecked")
  static Score score(ClarityEngine engine, Spec s, int first, int count) {
    ClarityModel model = ClarityModel.of((Map<String, Object>) shipped(s).get("properties"));
    int exact = 0;
    int total = 0;
    List<String> misses = new ArrayList<>();
    List<Double> seconds = new ArrayList<>();
    for (int i = first; i < first + count; i++) {
      Document d = s.documents().apply(i);
      Random r = new Random(i);
      BufferedImage photo = SyntheticCards.photograph(
          d.image(),
          0.7 + r.nextDouble() * 0.6,
          r.nextDouble() * 8 - 4,
          r.nextInt(80) - 40,
          r.nextInt(80) - 40,
          4,
          i);
      byte[] jpeg = SyntheticCards.jpeg(photo, 0.8f);
      long start = System.nanoTime();
      ClarityEngine.Upright upright = engine.uprightSparse(Images.decode(jpeg));
      ClarityEngine.Extracted out =
          engine.extract(upright.image(), upright.page(), model, s.patterns());
      seconds.add((System.nanoTime() - start) / 1e9);
      for (Map.Entry<String, String> f : d.fields().entrySet()) {
        total++;
        String got =
            String.join(" ", out.text().getOrDefault(f.getKey(), List.of())).strip();
        if (got.equals(f.getValue())) {
          exact++;
        } else {
          misses.add(i + " " + f.getKey() + ": '" + got + "' != '" + f.getValue() + "'");
        }
      }
    }
    return new Score(exact, total, misses, seconds);
  }

  /**
   * {@code write <dir>}: trains and writes the models; {@code bench [count]}: reads {@code count} (default 20)
   * photographed documents per shipped model and prints exact fields and the median time per document.
   */
  public static void main(String[] args) throws Exception {
    try (org.kith.extraction.ocr.TesseractPool pool = new org.kith.extraction.ocr.TesseractPool(
        Files.createTempDirectory("kith-native"), 1, java.time.Duration.ofSeconds(60))) {
      ClarityEngine engine = new ClarityEngine(pool);
      if (args.length >= 2 && args[0].equals("write")) {
        write(engine, Path.of(args[1]));
        return;
      }
      int count = args.length >= 2 ? Integer.parseInt(args[1]) : 20;
      for (Spec s : specs()) {
        Score sc = score(engine, s, 1000, count);
        System.out.printf(
            java.util.Locale.ROOT,
            "%s (%s): %d documents, %d of %d fields exact (%.1f%%), median %.2f s per document%n"
                + "  misses: %s%n",
            s.file(),
            s.schemaName(),
            count,
            sc.exact(),
            sc.total(),
            100.0 * sc.exact() / Math.max(1, sc.total()),
            sc.median(),
            sc.misses());
      }
    }
  }
}
