package org.kith.extraction.clarity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A Clarity model read from the properties of an {@code ss_Clarity_Model_01} profile object. */
public record ClarityModel(
    String name,
    String anchorA,
    String anchorC,
    List<Integer> norm,
    double angle,
    Map<String, Box> text,
    Map<String, Box> images,
    Map<String, Table> tables,
    @Nullable String refiner) {

  /** A table component: its box and column/row boundaries as ratios of the box. */
  public record Table(Box box, List<Double> cols, List<Double> rows) {}

  /** Most components (text, image and table together) and table cells in one model. */
  public static final int MAX_COMPONENTS = 100;

  public static final int MAX_TABLE_CELLS = 400;

  /** Reads a model; throws {@link IllegalArgumentException} naming what is wrong. */
  public static ClarityModel of(Map<String, Object> p) {
    ClarityModel m = parse(p);
    if (m.text().size() + m.images().size() + m.tables().size() > MAX_COMPONENTS) {
      throw new IllegalArgumentException("a model has at most " + MAX_COMPONENTS + " components");
    }
    if (m.anchorA().length() > AnchorFinder.MAX_ANCHOR_LENGTH
        || m.anchorC().length() > AnchorFinder.MAX_ANCHOR_LENGTH
        || (m.refiner() != null && m.refiner().length() > AnchorFinder.MAX_ANCHOR_LENGTH)) {
      throw new IllegalArgumentException(
          "anchors and refiners have at most " + AnchorFinder.MAX_ANCHOR_LENGTH + " characters");
    }
    for (Table t : m.tables().values()) {
      if ((t.cols().size() + 1) * (t.rows().size() + 1) > MAX_TABLE_CELLS) {
        throw new IllegalArgumentException("a table has at most " + MAX_TABLE_CELLS + " cells");
      }
    }
    return m;
  }

  private static ClarityModel parse(Map<String, Object> p) {
    String name = string(p, "name");
    String a = string(p, "anchor_a");
    String c = string(p, "anchor_c");
    List<Integer> norm = new ArrayList<>();
    if (p.get("norm") instanceof List<?> l) {
      for (Object n : l) {
        norm.add(((Number) n).intValue());
      }
    }
    if (!(p.get("angle") instanceof Number angle)) {
      throw new IllegalArgumentException("the model has no angle");
    }
    Map<String, Table> tableComponents = new LinkedHashMap<>();
    if (p.get("table_components") instanceof Map<?, ?> m) {
      m.forEach((k, v) -> {
        Map<?, ?> t = (Map<?, ?>) v;
        tableComponents.put(
            String.valueOf(k),
            new Table(Box.of(t.get("box")), ratios(t.get("cols")), ratios(t.get("rows"))));
      });
    }
    return new ClarityModel(
        name,
        a,
        c,
        List.copyOf(norm),
        angle.doubleValue(),
        boxes(p.get("text_components")),
        boxes(p.get("image_components")),
        tableComponents,
        p.get("model_refiner") instanceof String r ? r : null);
  }

  /** The model's properties (as stored in a profile object), without dates and descriptive fields. */
  public Map<String, Object> toProperties() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("anchor_a", anchorA);
    m.put("anchor_c", anchorC);
    m.put("norm", norm);
    m.put("angle", angle);
    m.put("text_components", lists(text));
    if (!images.isEmpty()) {
      m.put("image_components", lists(images));
    }
    if (!tables.isEmpty()) {
      Map<String, Object> t = new LinkedHashMap<>();
      tables.forEach((k, v) -> {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("box", v.box().toList());
        e.put("cols", v.cols());
        e.put("rows", v.rows());
        t.put(k, e);
      });
      m.put("table_components", t);
    }
    if (refiner != null) {
      m.put("model_refiner", refiner);
    }
    return m;
  }

  private static Map<String, Object> lists(Map<String, Box> boxes) {
    Map<String, Object> m = new LinkedHashMap<>();
    boxes.forEach((k, v) -> m.put(k, v.toList()));
    return m;
  }

  private static Map<String, Box> boxes(@Nullable Object value) {
    Map<String, Box> out = new LinkedHashMap<>();
    if (value instanceof Map<?, ?> m) {
      m.forEach((k, v) -> out.put(String.valueOf(k), Box.of(v)));
    }
    return out;
  }

  private static List<Double> ratios(@Nullable Object value) {
    List<Double> out = new ArrayList<>();
    if (value instanceof List<?> l) {
      for (Object n : l) {
        double r = ((Number) n).doubleValue();
        if (r <= 0 || r >= 1) {
          throw new IllegalArgumentException("table boundaries are ratios between 0 and 1");
        }
        out.add(r);
      }
    }
    out.sort(Double::compare);
    return out;
  }

  private static String string(Map<String, Object> p, String key) {
    if (!(p.get(key) instanceof String s) || s.isBlank()) {
      throw new IllegalArgumentException("the model has no " + key);
    }
    return s;
  }
}
