package org.kith.extraction.clarity;

/**
 * The anchor frame of one image (see the package documentation): origin at A, unit A→C, axes along A→C and
 * perpendicular to it.
 */
public record AnchorFrame(double ax, double ay, double cx, double cy) {
  public AnchorFrame {
    if (Math.hypot(cx - ax, cy - ay) < 1) {
      throw new IllegalArgumentException("the anchors coincide");
    }
  }

  /** The A→C distance in pixels. */
  public double distance() {
    return Math.hypot(cx - ax, cy - ay);
  }

  /** Direction of A→C in the image, degrees clockwise from the image's x axis. */
  public double direction() {
    return Math.toDegrees(Math.atan2(cy - ay, cx - ax));
  }

  private double ux() {
    return (cx - ax) / distance();
  }

  private double uy() {
    return (cy - ay) / distance();
  }

  /** Frame coordinates {@code [s, t]} of pixel {@code (x, y)}. */
  public double[] toFrame(double x, double y) {
    double d = distance();
    double px = x - ax;
    double py = y - ay;
    return new double[] {(px * ux() + py * uy()) / d, (-px * uy() + py * ux()) / d};
  }

  /** Pixel {@code [x, y]} of frame coordinates {@code (s, t)}. */
  public double[] toPixel(double s, double t) {
    double d = distance();
    return new double[] {ax + d * (s * ux() - t * uy()), ay + d * (s * uy() + t * ux())};
  }

  /**
   * The four pixel corners (top-left, top-right, bottom-right, bottom-left as on the upright document) of a box
   * stored as two opposite corners in frame coordinates, given the model's {@code angle}.
   */
  public double[][] corners(Box box, double modelAngle) {
    double[] p1 = toPixel(box.x1(), box.y1());
    double[] p3 = toPixel(box.x2(), box.y2());
    double docAngle = Math.toRadians(direction() - modelAngle);
    double ex = Math.cos(docAngle);
    double ey = Math.sin(docAngle);
    double dx = p3[0] - p1[0];
    double dy = p3[1] - p1[1];
    double along = dx * ex + dy * ey; // width along the document's horizontal
    double[] p2 = {p1[0] + along * ex, p1[1] + along * ey};
    double[] p4 = {p3[0] - along * ex, p3[1] - along * ey};
    return new double[][] {p1, p2, p3, p4};
  }
}
