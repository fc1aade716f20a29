package org.kith.extraction.clarity;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfPoint2f;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Cuts a rotated rectangle out of an image and returns it upright (OpenCV {@code warpAffine} with cubic
 * interpolation), optionally scaled. Thread-safe; OpenCV's native library is loaded once on first use.
 */
public final class Crops {
  static {
    nu.pattern.OpenCV.loadLocally();
  }

  private Crops() {}

  /** Ensures OpenCV is loaded (for callers that use it directly). */
  public static void load() {
    // the static initialiser did the work
  }

  /**
   * The quadrilateral {@code corners} (top-left, top-right, bottom-right, bottom-left) of {@code image}, as an
   * upright image {@code scale} times its size in the source; outside the source is white (gray) or replicated.
   */
  public static BufferedImage upright(
      BufferedImage image, double[][] corners, double scale, int border) {
    double w = Math.hypot(corners[1][0] - corners[0][0], corners[1][1] - corners[0][1]) * scale;
    double h = Math.hypot(corners[3][0] - corners[0][0], corners[3][1] - corners[0][1]) * scale;
    if (!Double.isFinite(w)
        || !Double.isFinite(h)
        || (w + 2 * border) * (h + 2 * border) > 25_000_000.0) {
      throw new IllegalArgumentException("the component is too large to crop");
    }
    int width = Math.max(1, (int) Math.round(w)) + 2 * border;
    int height = Math.max(1, (int) Math.round(h)) + 2 * border;
    Mat src = toMat(image);
    MatOfPoint2f from = new MatOfPoint2f(
        new Point(corners[0][0], corners[0][1]),
        new Point(corners[1][0], corners[1][1]),
        new Point(corners[3][0], corners[3][1]));
    MatOfPoint2f to = new MatOfPoint2f(
        new Point(border, border), new Point(border + w, border), new Point(border, border + h));
    Mat transform = Imgproc.getAffineTransform(from, to);
    Mat out = new Mat();
    boolean gray = image.getType() == BufferedImage.TYPE_BYTE_GRAY;
    Imgproc.warpAffine(
        src,
        out,
        transform,
        new Size(width, height),
        Imgproc.INTER_CUBIC,
        gray ? Core.BORDER_CONSTANT : Core.BORDER_REPLICATE,
        gray ? new Scalar(255) : new Scalar(255, 255, 255));
    BufferedImage result = fromMat(out, gray);
    src.release();
    out.release();
    transform.release();
    from.release();
    to.release();
    return result;
  }

  /**
   * Black text on white: Otsu's threshold over a lightly blurred grayscale crop (OpenCV), which removes
   * backgrounds, security patterns and JPEG noise before OCR.
   */
  public static BufferedImage binarised(BufferedImage gray) {
    Mat src = toMat(gray);
    Mat blurred = new Mat();
    Mat out = new Mat();
    Imgproc.GaussianBlur(src, blurred, new Size(3, 3), 0);
    Imgproc.threshold(blurred, out, 0, 255, Imgproc.THRESH_BINARY | Imgproc.THRESH_OTSU);
    BufferedImage result = fromMat(out, true);
    src.release();
    blurred.release();
    out.release();
    return result;
  }

  static Mat toMat(BufferedImage image) {
    BufferedImage normalised = image;
    int type = image.getType() == BufferedImage.TYPE_BYTE_GRAY
        ? BufferedImage.TYPE_BYTE_GRAY
        : BufferedImage.TYPE_3BYTE_BGR;
    if (image.getType() != type) {
      normalised = new BufferedImage(image.getWidth(), image.getHeight(), type);
      java.awt.Graphics2D g = normalised.createGraphics();
      g.drawImage(image, 0, 0, java.awt.Color.WHITE, null);
      g.dispose();
    }
    byte[] data = ((DataBufferByte) normalised.getRaster().getDataBuffer()).getData();
    Mat mat = new Mat(
        normalised.getHeight(),
        normalised.getWidth(),
        type == BufferedImage.TYPE_BYTE_GRAY ? CvType.CV_8UC1 : CvType.CV_8UC3);
    mat.put(0, 0, data);
    return mat;
  }

  static BufferedImage fromMat(Mat mat, boolean gray) {
    BufferedImage image = new BufferedImage(
        mat.cols(), mat.rows(), gray ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
    mat.get(0, 0, ((DataBufferByte) image.getRaster().getDataBuffer()).getData());
    return image;
  }
}
