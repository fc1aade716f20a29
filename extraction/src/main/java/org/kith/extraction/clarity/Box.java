package org.kith.extraction.clarity;

import java.util.List;

/** A box {@code [x1, y1, x2, y2]}: in pixels on input, in anchor-frame coordinates in a model. */
public record Box(double x1, double y1, double x2, double y2) {
  public List<Double> toList() {
    return List.of(x1, y1, x2, y2);
  }

  /** Reads {@code [x1, y1, x2, y2]} (numbers); throws {@link IllegalArgumentException} otherwise. */
  public static Box of(Object value) {
    if (!(value instanceof List<?> l)
        || l.size() != 4
        || !l.stream().allMatch(n -> n instanceof Number)) {
      throw new IllegalArgumentException("a box is [x1, y1, x2, y2]");
    }
    Box b = new Box(
        ((Number) l.get(0)).doubleValue(),
        ((Number) l.get(1)).doubleValue(),
        ((Number) l.get(2)).doubleValue(),
        ((Number) l.get(3)).doubleValue());
    for (double v : new double[] {b.x1, b.y1, b.x2, b.y2}) {
      if (!Double.isFinite(v) || Math.abs(v) > 100_000) {
        throw new IllegalArgumentException(
            "box coordinates must be finite numbers of reasonable size");
      }
    }
    return b;
  }
}
