package org.kith.extraction.clarity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

@DisplayName("OpenCV as Kith ships it")
class OpenCvPackagingTests {
  private static final String NATIVES = "nu/pattern/opencv/";

  @Test
  @DisplayName("the native library loads and works on this machine")
  void loads() {
    Crops.load();
    Mat m = new Mat(4, 4, CvType.CV_8UC1, new Scalar(3));
    assertThat(Core.sumElems(m).val[0]).isEqualTo(48.0);
    assertThat(Core.VERSION).startsWith("4.");
  }

  @Test
  @DisplayName(
      "only the Linux x86-64 and arm64 natives are on the class path, not the six other platforms'")
  void linuxOnly() {
    ClassLoader loader = OpenCvPackagingTests.class.getClassLoader();
    assertThat(loader.getResource(NATIVES + "linux/x86_64/libopencv_java490.so"))
        .isNotNull();
    assertThat(loader.getResource(NATIVES + "linux/ARMv8/libopencv_java490.so")).isNotNull();
    for (String other : List.of(
        "osx/x86_64/libopencv_java490.dylib",
        "osx/ARMv8/libopencv_java490.dylib",
        "windows/x86_64/opencv_java490.dll",
        "windows/x86_32/opencv_java490.dll",
        "linux/ARMv7/libopencv_java490.so")) {
      assertThat(loader.getResource(NATIVES + other)).as(other).isNull();
    }
  }
}
