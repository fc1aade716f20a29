package org.kith.extraction.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.awt.image.BufferedImage;
import org.kith.extraction.image.Images;

/**
 * Image decoding of uploads, seeded with small PNG, JPEG, GIF, BMP and TIFF files. Property: every input is either
 * decoded into an image within Kith's limits or refused with {@link Images.BadImage} (a 400) — no other
 * exception, no error, no image larger than the limits.
 */
class ImageDecodingFuzz {
  @FuzzTest(maxDuration = "30s")
  void decode(byte[] input) {
    BufferedImage image;
    try {
      image = Images.decode(input);
    } catch (Images.BadImage refused) {
      return;
    }
    assertThat(image.getWidth()).isBetween(1, Images.MAX_SIDE);
    assertThat(image.getHeight()).isBetween(1, Images.MAX_SIDE);
    assertThat((long) image.getWidth() * image.getHeight()).isLessThanOrEqualTo(Images.MAX_PIXELS);
    Images.png(Images.gray(image)); // what the OCR path does next must work on whatever was decoded
  }
}
