package org.kith.extraction.clarity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.extraction.ocr.TesseractPool;

@DisplayName("Clarity models on synthetic cards")
class ClarityEngineTests {
  static TesseractPool pool;
  static ClarityEngine engine;
  static ClarityModel model;

  @BeforeAll
  static void train() throws Exception {
    pool = new TesseractPool(Files.createTempDirectory("kith-native"), 2, Duration.ofSeconds(60));
    engine = new ClarityEngine(pool);
    BufferedImage sample = SyntheticCards.card(SyntheticCards.person(0));
    model = engine.train(
        SyntheticCards.png(sample),
        null,
        "NZ_DL_TEST",
        SyntheticCards.ANCHOR_A,
        SyntheticCards.ANCHOR_C,
        SyntheticCards.components(),
        null);
  }

  @AfterAll
  static void close() {
    pool.close();
  }

  @Test
  @DisplayName(
      "training expresses boxes in the anchor frame, records the A→C angle and the document size")
  void trained() {
    assertThat(model.text()).containsOnlyKeys(SyntheticCards.FIELDS.keySet());
    assertThat(model.images()).containsOnlyKeys("photo");
    assertThat(model.angle()).isBetween(30.0, 50.0);
    assertThat(model.norm()).hasSize(2);
    Box family = model.text().get("family_name");
    assertThat(family.x1()).isBetween(0.0, 1.0);
    assertThat(ClarityModel.of(model.toProperties())).isEqualTo(model);
  }

  @Test
  @DisplayName(
      "cards of other people, rotated ±5°, scaled 0.6–1.5×, shifted, noisy, JPEG 60–90: ≥ 98% exact fields")
  void extractsVariants() throws Exception {
    double[][] variants = { // scale, degrees, dx, dy, noise, quality
      {1.0, 0, 0, 0, 0, 0.9},
      {0.6, 3, -40, 20, 4, 0.8},
      {1.5, -5, 30, -30, 6, 0.7},
      {0.8, 5, 60, 40, 8, 0.6},
      {1.2, -3, -60, 10, 5, 0.85},
      {0.7, -5, 10, -50, 3, 0.75},
      {1.4, 4, -20, 60, 7, 0.65},
      {0.9, -2, 50, -10, 9, 0.9},
      {1.1, 2, -70, -40, 4, 0.6},
      {0.65, 0, 20, 30, 6, 0.8}
    };
    int exact = 0;
    int total = 0;
    List<String> misses = new ArrayList<>();
    for (int i = 0; i < variants.length; i++) {
      double[] v = variants[i];
      SyntheticCards.Person person = SyntheticCards.person(i + 1);
      BufferedImage photo = SyntheticCards.photograph(
          SyntheticCards.card(person), v[0], v[1], (int) v[2], (int) v[3], v[4], i);
      ClarityEngine.Upright upright = engine.uprightSparse(
          org.kith.extraction.image.Images.decode(SyntheticCards.jpeg(photo, (float) v[5])));
      // the patterns ss_NZ_DriverLicence gives these fields
      ClarityEngine.Extracted out = engine.extract(
          upright.image(),
          upright.page(),
          model,
          Map.of(
              "licence_number", java.util.regex.Pattern.compile("^[A-Z]{2}\\d{6}$"),
              "card_version", java.util.regex.Pattern.compile("^\\d{3}$")));
      for (Map.Entry<String, String> f : person.fields().entrySet()) {
        total++;
        String got =
            String.join(" ", out.text().getOrDefault(f.getKey(), List.of())).strip();
        if (got.equals(f.getValue())) {
          exact++;
        } else {
          misses.add("card " + i + " " + f.getKey() + ": '" + got + "' != '" + f.getValue() + "'");
        }
      }
      // the photo crop matches the pasted patch
      BufferedImage crop = ImageIO.read(new ByteArrayInputStream(out.images().get("photo")));
      assertThat(meanDifference(crop, SyntheticCards.photo(person.photoSeed())))
          .as("photo of card " + i)
          .isLessThan(30);
    }
    System.out.printf("synthetic cards: %d of %d fields exact; misses: %s%n", exact, total, misses);
    assertThat((double) exact / total)
        .as("exact fields; misses: %s", misses)
        .isGreaterThanOrEqualTo(0.98);
  }

  @Test
  @DisplayName("a missing anchor is reported by name")
  void missingAnchor() {
    BufferedImage blank = new BufferedImage(800, 500, BufferedImage.TYPE_INT_RGB);
    assertThatThrownBy(() -> engine.extract(SyntheticCards.png(blank), model))
        .isInstanceOfSatisfying(
            ClarityEngine.AnchorNotFound.class, e -> assertThat(e.anchor()).isEqualTo("anchor_a"));
  }

  @Test
  @DisplayName(
      "a table component is read as rows of cells at the model's column and row boundaries")
  void table() throws Exception {
    List<ClarityEngine.Component> components = new ArrayList<>(SyntheticCards.components());
    int[] t = SyntheticCards.TABLE;
    components.add(
        new ClarityEngine.Component("classes", "table", new Box(t[0], t[1], t[2], t[3])));
    ClarityModel trained = engine.train(
        SyntheticCards.png(SyntheticCards.card(SyntheticCards.person(0))),
        null,
        "NZ_DL_TABLE",
        SyntheticCards.ANCHOR_A,
        SyntheticCards.ANCHOR_C,
        components,
        null);
    Map<String, Object> properties = new java.util.LinkedHashMap<>(trained.toProperties());
    @SuppressWarnings("unchecked")
    Map<String, Object> tables =
        new java.util.LinkedHashMap<>((Map<String, Object>) properties.get("table_components"));
    @SuppressWarnings("unchecked")
    Map<String, Object> classes =
        new java.util.LinkedHashMap<>((Map<String, Object>) tables.get("classes"));
    classes.put("cols", List.of(1.0 / 3, 2.0 / 3));
    classes.put("rows", List.of(0.5));
    tables.put("classes", classes);
    properties.put("table_components", tables);
    ClarityModel model = ClarityModel.of(properties);

    SyntheticCards.Person person = SyntheticCards.person(6);
    ClarityEngine.Extracted out = engine.extract(
        SyntheticCards.jpeg(
            SyntheticCards.photograph(SyntheticCards.card(person), 1.1, -3, 10, 10, 3, 6), 0.85f),
        model);
    assertThat(out.tables().get("classes")).isEqualTo(person.classes());
  }

  @Test
  @DisplayName(
      "a refiner tells apart models that share anchors: only the one whose refiner text is printed matches")
  void refiner() throws Exception {
    TesseractDocumentReader reader =
        new TesseractDocumentReader(pool, new org.kith.extraction.mrz.MrzParser());
    byte[] photo = SyntheticCards.jpeg(
        SyntheticCards.photograph(
            SyntheticCards.card(SyntheticCards.person(2)), 1.0, 2, 0, 0, 2, 2),
        0.9f);
    org.kith.core.clarity.DocumentReader.Page page = reader.anchorPage(photo);
    Map<String, Object> plain = model.toProperties();
    Map<String, Object> printed = new java.util.LinkedHashMap<>(plain);
    printed.put("model_refiner", SyntheticCards.VERSION_MARK);
    Map<String, Object> other = new java.util.LinkedHashMap<>(plain);
    other.put("model_refiner", "SERIES 2016");
    assertThat(reader.match(page, plain))
        .as("lines %s", page.lines().stream().map(l -> l.text() + l.box()).toList())
        .isPresent();
    assertThat(reader.match(page, printed)).isPresent();
    assertThat(reader.match(page, printed).get())
        .isGreaterThan(reader.match(page, plain).get());
    assertThat(reader.match(page, other)).isEmpty();
  }

  /** Mean absolute difference per channel (0–255) after resizing {@code a} to {@code b}'s size. */
  static double meanDifference(BufferedImage a, BufferedImage b) {
    BufferedImage resized =
        new BufferedImage(b.getWidth(), b.getHeight(), BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = resized.createGraphics();
    g.setRenderingHint(
        java.awt.RenderingHints.KEY_INTERPOLATION,
        java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(a, 0, 0, b.getWidth(), b.getHeight(), null);
    g.dispose();
    long sum = 0;
    // compare the inner 90% (edges blur with rotation)
    int mx = b.getWidth() / 20;
    int my = b.getHeight() / 20;
    long n = 0;
    for (int y = my; y < b.getHeight() - my; y++) {
      for (int x = mx; x < b.getWidth() - mx; x++) {
        int p = resized.getRGB(x, y);
        int q = b.getRGB(x, y);
        sum += Math.abs(((p >> 16) & 255) - ((q >> 16) & 255))
            + Math.abs(((p >> 8) & 255) - ((q >> 8) & 255))
            + Math.abs((p & 255) - (q & 255));
        n += 3;
      }
    }
    return (double) sum / n;
  }
}
