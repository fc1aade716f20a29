package org.kith.extraction.image;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes untrusted images safely: at most {@link #MAX_BYTES} bytes, PNG/JPEG/TIFF/BMP/GIF only, and the
 * declared dimensions are checked against {@link #MAX_PIXELS} before any pixel is decoded, so a small file that
 * claims a huge image (a decompression bomb) is refused without allocating it. Thread-safe.
 */
public final class Images {
  public static final int MAX_BYTES = 10 * 1024 * 1024;
  public static final long MAX_PIXELS = 40_000_000L;
  public static final int MAX_SIDE = 20_000;
  /** Most memory one decoded image may take (40 MP of 8-bit RGBA). */
  public static final long MAX_DECODED_BYTES = 160L * 1024 * 1024;

  private static final java.util.Set<String> FORMATS =
      java.util.Set.of("png", "jpeg", "tiff", "bmp", "gif");

  static {
    ImageIO.setUseCache(false);
  }

  private Images() {}

  /** Thrown for anything that is not an acceptable image; the message is safe to show. */
  public static final class BadImage extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public BadImage(String message) {
      super(message);
    }
  }

  /** Decodes the first image of {@code bytes} within the limits. */
  public static BufferedImage decode(byte[] bytes) {
    if (bytes.length == 0 || bytes.length > MAX_BYTES) {
      throw new BadImage("an image of 1 byte to " + MAX_BYTES / (1024 * 1024) + " MiB is required");
    }
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (in == null || !readers.hasNext()) {
        throw new BadImage("not a PNG, JPEG, TIFF, BMP or GIF image");
      }
      ImageReader reader = readers.next();
      try {
        if (!FORMATS.contains(reader.getFormatName().toLowerCase(java.util.Locale.ROOT))) {
          throw new BadImage("not a PNG, JPEG, TIFF, BMP or GIF image");
        }
        reader.setInput(in, true, true);
        long w = reader.getWidth(0);
        long h = reader.getHeight(0);
        if (w <= 0 || h <= 0 || w > MAX_SIDE || h > MAX_SIDE || w * h > MAX_PIXELS) {
          throw new BadImage(
              "the image is " + w + "×" + h + " pixels; at most " + MAX_PIXELS / 1_000_000
                  + " megapixels and " + MAX_SIDE + " pixels a side are accepted");
        }
        javax.imageio.ImageTypeSpecifier raw = reader.getRawImageType(0);
        if (raw != null) {
          long bytesPerPixel = 0;
          for (int band = 0; band < raw.getNumBands(); band++) {
            bytesPerPixel += (raw.getBitsPerBand(band) + 7) / 8;
          }
          if (w * h * Math.max(1, bytesPerPixel) > MAX_DECODED_BYTES) {
            throw new BadImage("the image would take more than " + MAX_DECODED_BYTES / (1024 * 1024)
                + " MiB decoded (deep colour or many channels); send an 8-bit RGB or gray image");
          }
        }
        BufferedImage image = reader.read(0);
        if (image == null) {
          throw new BadImage("the image could not be decoded");
        }
        return image;
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof BadImage bad) {
        throw bad;
      }
      throw new BadImage("the image could not be decoded");
    } catch (OutOfMemoryError e) {
      throw new BadImage("the image is too large to decode");
    }
  }

  /** An 8-bit grayscale copy (what Tesseract reads fastest). */
  public static BufferedImage gray(BufferedImage image) {
    if (image.getType() == BufferedImage.TYPE_BYTE_GRAY) {
      return image;
    }
    BufferedImage gray =
        new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = gray.createGraphics();
    try {
      g.drawImage(image, 0, 0, java.awt.Color.WHITE, null);
    } finally {
      g.dispose();
    }
    return gray;
  }

  /** PNG bytes of an image. */
  public static byte[] png(BufferedImage image) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(image, "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
