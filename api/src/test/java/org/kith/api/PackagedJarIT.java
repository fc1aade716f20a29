package org.kith.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kith.api.KithProcesses.awaitUp;
import static org.kith.api.KithProcesses.freePort;
import static org.kith.api.KithProcesses.login;
import static org.kith.api.KithProcesses.send;
import static org.kith.api.KithProcesses.signupVerified;
import static org.kith.api.KithProcesses.start;
import static org.kith.api.KithProcesses.stop;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.extraction.clarity.SyntheticCards;

/**
 * The distribution as users run it (the packaged jar, {@code java -jar}): it carries the Linux-only copies of the
 * natives-carrying libraries and none of what was left out (the libraries of Neo4j's HTTP server, the import
 * tool's Parquet input), and still stores data in embedded Neo4j and reads text with Tesseract through JNA.
 */
@DisplayName("the packaged jar")
class PackagedJarIT {
  private static final Path JAR = Path.of("target/kith.jar");

  @Test
  @DisplayName("carries only the Linux natives and none of the excluded libraries")
  void contents() throws Exception {
    assertThat(JAR).exists();
    try (JarFile jar = new JarFile(JAR.toFile())) {
      List<String> libs = jar.stream()
          .map(ZipEntry::getName)
          .filter(n -> n.startsWith("BOOT-INF/lib/"))
          .map(n -> n.substring("BOOT-INF/lib/".length()))
          .toList();
      assertThat(libs)
          .as("the Linux-only copies")
          .anyMatch(n -> n.startsWith("kith-tess4j-"))
          .anyMatch(n -> n.startsWith("kith-jna-"))
          .anyMatch(n -> n.startsWith("kith-zstd-jni-"))
          .anyMatch(n -> n.startsWith("kith-opencv-"));
      assertThat(libs)
          .as("upstream jars with every platform's natives, an HTTP server, Parquet import")
          .noneMatch(n -> n.matches(
              "(tess4j|lept4j|jna|zstd-jni|opencv|jetty-server|jersey-server|hadoop-common"
                  + "|parquet-column|snappy-java)-[0-9].*"));
    }
  }

  @Test
  @DisplayName("started with java -jar, signs up, stores and reads, and reads text from an image")
  void runs() throws Exception {
    Path dataDir = Files.createTempDirectory("kith-packaged-");
    int port = freePort();
    Process kith = start(dataDir, port);
    try {
      awaitUp(port, kith);
      signupVerified(port, dataDir, "packaged@example.org");
      String token = login(port, "packaged@example.org");
      HttpResponse<String> me = send(port, "GET", "/v1/auth/me", token, null);
      assertThat(me.statusCode()).isEqualTo(200);

      String png = Base64.getEncoder()
          .encodeToString(SyntheticCards.png(SyntheticCards.card(SyntheticCards.person(0))));
      HttpResponse<String> ocr = send(
          port,
          "POST",
          "/v1/clarity/ocr",
          token,
          "{\"file\":{\"contentType\":\"image/png\",\"data\":\"" + png + "\"}}");
      assertThat(ocr.statusCode()).as(ocr.body()).isEqualTo(200);
      assertThat(ocr.body()).contains("ZEALAND").contains("LICENCE");
    } finally {
      stop(kith);
    }
  }
}
