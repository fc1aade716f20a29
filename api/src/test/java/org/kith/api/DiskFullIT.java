package org.kith.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.kith.api.KithProcesses.awaitUp;
import static org.kith.api.KithProcesses.delete;
import static org.kith.api.KithProcesses.freePort;
import static org.kith.api.KithProcesses.login;
import static org.kith.api.KithProcesses.send;
import static org.kith.api.KithProcesses.signupVerified;
import static org.kith.api.KithProcesses.start;
import static org.kith.api.KithProcesses.stop;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Documents on a full disk: Kith (the built jar) keeps its blobs on a 3 MiB tmpfs. Needs permission to mount
 * (root, as on the build machines); skipped where mounting is not allowed.
 */
@DisplayName("disk full")
class DiskFullIT {
  static final String USER = "diskfull@example.org";

  static boolean run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
  }

  static String document(int bytes, long seed) {
    byte[] content = new byte[bytes];
    new Random(seed).nextBytes(content); // incompressible, distinct per seed
    return "{\"schema\":\"ss_File\",\"properties\":{\"filename\":\"scan-" + seed
        + ".bin\",\"content_type\":\"application/octet-stream\"},\"document\":"
        + "{\"type\":\"application/octet-stream\",\"content\":\""
        + Base64.getEncoder().encodeToString(content) + "\"}}";
  }

  int objects(int port, String token) throws Exception {
    String body = send(port, "GET", "/v1/db/profile-objects?permissions=IS_OWNER", token, null)
        .body();
    return body.split("\"n_id\"", -1).length - 1;
  }

  @Test
  @DisplayName(
      "a document that does not fit fails with a 503 problem, leaves no partial file and no object, and"
          + " the next document that fits is stored")
  void documentOnFullDisk() throws Exception {
    Path root = Files.createTempDirectory("kith-diskfull-");
    Path blobs = Files.createDirectories(root.resolve("blobs"));
    assumeTrue(
        run("mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", blobs.toString()),
        "mounting a small tmpfs is not permitted here");
    Path dataDir = root.resolve("data");
    int port = freePort();
    Process kith = start(dataDir, port, "--kith.blobs.dir=" + blobs);
    try {
      awaitUp(port, kith);
      signupVerified(port, dataDir, USER);
      String token = login(port, USER);
      assertThat(send(port, "POST", "/v1/db/profile-objects", token, document(1_800_000, 1))
              .statusCode())
          .isEqualTo(201);
      int before = objects(port, token);

      HttpResponse<String> full =
          send(port, "POST", "/v1/db/profile-objects", token, document(1_800_000, 2));
      assertThat(full.statusCode()).as(full.body()).isEqualTo(503);
      assertThat(full.headers().firstValue("Content-Type").orElse(""))
          .startsWith("application/problem+json");
      assertThat(full.body())
          .as("nothing internal in the answer")
          .doesNotContain(blobs.toString())
          .doesNotContain("No space");
      HttpResponse<String> array = send(
          port,
          "POST",
          "/v1/db/profile-objects",
          token,
          "[" + document(10_000, 3) + "," + document(1_800_000, 4) + "]");
      assertThat(array.statusCode()).as(array.body()).isEqualTo(503);
      assertThat(objects(port, token))
          .as("no object for a document that was not stored")
          .isEqualTo(before);

      List<String> partial = new ArrayList<>();
      try (var files = Files.walk(blobs)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          String sha = HexFormat.of()
              .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
          if (!f.getFileName().toString().equals(sha)) {
            partial.add(f.getFileName().toString());
          }
        }
      }
      assertThat(partial)
          .as("temporary or partial files left in the blob store")
          .isEmpty();
      assertThat(send(port, "POST", "/v1/db/profile-objects", token, document(200_000, 5))
              .statusCode())
          .as("space freed by the failed write is usable")
          .isEqualTo(201);
      assertThat(kith.isAlive()).isTrue();
    } finally {
      stop(kith);
      run("umount", blobs.toString());
      delete(root);
    }
  }
}
