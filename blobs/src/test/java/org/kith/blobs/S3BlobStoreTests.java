package org.kith.blobs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.core.Failed;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The S3 document store against a real S3-compatible server (S3Proxy on a local directory). */
class S3BlobStoreTests {
  @TempDir
  static Path dir;

  static S3ProxyServer server;
  static S3Client client;
  static S3Settings settings;

  @BeforeAll
  static void start() throws Exception {
    server = S3ProxyServer.start(dir);
    // the store's client takes its credentials from the AWS SDK's default chain, whose first link
    // is these
    System.setProperty("aws.accessKeyId", S3ProxyServer.ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", S3ProxyServer.SECRET_KEY);
    settings = settings("kith-docs", "kith/blobs/", Duration.ofSeconds(10));
    client = settings.client();
    client.createBucket(b -> b.bucket("kith-docs"));
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  static S3Settings settings(String bucket, String prefix, Duration timeout) {
    return new S3Settings(
        server.endpoint(), "us-east-1", bucket, prefix, true, null, null, timeout);
  }

  static S3BlobStore store(Clock clock) {
    return new S3BlobStore(client, settings, Duration.ofSeconds(10), clock);
  }

  @Test
  void putStoresUnderItsDigestAndGetReturnsTheSameBytes() {
    byte[] content = "a passport scan".getBytes(UTF_8);
    String sha = store(Clock.systemUTC()).put(content).block();

    assertThat(sha).isEqualTo(HexFormat.of().formatHex(Sha256.of(content)));
    assertThat(store(Clock.systemUTC()).get(sha).block()).isEqualTo(content);
    assertThat(client
            .getObjectAsBytes(
                g -> g.bucket("kith-docs").key("kith/blobs/" + sha.substring(0, 2) + "/" + sha))
            .asByteArray())
        .isEqualTo(content);
  }

  @Test
  void aSecondPutOfTheSameContentKeepsOneObjectAndRefreshesItsTime() throws Exception {
    byte[] content = "uploaded twice".getBytes(UTF_8);
    S3BlobStore store = store(Clock.systemUTC());
    String sha = store.put(content).block();
    String key = settings.key(sha);
    Instant first = client.headObject(h -> h.bucket("kith-docs").key(key)).lastModified();
    Thread.sleep(1_100); // S3 times have one-second resolution

    assertThat(store.put(content).block()).isEqualTo(sha);
    assertThat(client.headObject(h -> h.bucket("kith-docs").key(key)).lastModified())
        .isAfter(first);
    assertThat(store.get(sha).block()).isEqualTo(content);
  }

  @Test
  void reclaimKeepsWhatWasWrittenWithinTheGracePeriodAndRemovesWhatIsOlder() {
    byte[] content = "reclaimed later".getBytes(UTF_8);
    String sha = store(Clock.systemUTC()).put(content).block();

    store(Clock.systemUTC()).reclaim(sha).block();
    assertThat(store(Clock.systemUTC()).get(sha).blockOptional()).isPresent();

    Clock later = Clock.fixed(Instant.now().plus(Duration.ofMinutes(1)), ZoneOffset.UTC);
    store(later).reclaim(sha).block();
    assertThat(store(Clock.systemUTC()).get(sha).blockOptional()).isEmpty();
    store(later).reclaim(sha).block(); // already gone: nothing to do
  }

  @Test
  void eraseRemovesAtOnceAndAnAbsentBlobReadsAsEmpty() {
    byte[] content = "erased".getBytes(UTF_8);
    String sha = store(Clock.systemUTC()).put(content).block();

    store(Clock.systemUTC()).erase(sha).block();

    assertThat(store(Clock.systemUTC()).get(sha).blockOptional()).isEmpty();
    store(Clock.systemUTC()).erase(sha).block();
  }

  @Test
  void storedListsTheBlobsUnderThePrefixAndNothingElse() {
    String sha = store(Clock.systemUTC()).put("listed".getBytes(UTF_8)).block();
    client.putObject(
        b -> b.bucket("kith-docs").key("kith/blobs/notes.txt"), RequestBody.fromString("x"));
    client.putObject(
        b -> b.bucket("kith-docs").key("elsewhere/" + sha), RequestBody.fromString("x"));

    assertThat(store(Clock.systemUTC()).stored().collectList().block())
        .contains(sha)
        .allMatch(Sha256::isName)
        .doesNotHaveDuplicates();
  }

  @Test
  void aStoredObjectWhoseBytesDoNotMatchItsNameIsRefusedOnRead() {
    String sha = HexFormat.of().formatHex(Sha256.of("the real bytes".getBytes(UTF_8)));
    client.putObject(
        b -> b.bucket("kith-docs").key(settings.key(sha)), RequestBody.fromString("tampered"));

    assertThatThrownBy(() -> store(Clock.systemUTC()).get(sha).block())
        .isInstanceOf(Failed.class)
        .hasMessageContaining("does not match");
  }

  @Test
  void aNameThatIsNotADigestIsRefusedBeforeAnyCall() {
    assertThatThrownBy(() -> store(Clock.systemUTC()).get("../other-bucket/x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anUnreachableStoreFailsWithinItsTimeoutAsUnavailable() throws Exception {
    int closed;
    try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    S3Settings nowhere = new S3Settings(
        java.net.URI.create("http://127.0.0.1:" + closed),
        "us-east-1",
        "kith-docs",
        "",
        true,
        null,
        null,
        Duration.ofSeconds(2));
    try (S3Client c = nowhere.client()) {
      S3BlobStore store = new S3BlobStore(c, nowhere, Duration.ofSeconds(10), Clock.systemUTC());
      long start = System.nanoTime();
      assertThatThrownBy(() -> store.put("x".getBytes(UTF_8)).block()).isInstanceOf(Failed.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }
  }

  @Test
  void serverSideEncryptionIsAskedForOnEveryWrite() {
    // S3Proxy has no server-side encryption: it refuses a request that asks for it (501), which
    // shows that the
    // store asks; a store that ignored the setting would succeed here
    S3Settings encrypted = new S3Settings(
        server.endpoint(),
        "us-east-1",
        "kith-docs",
        "sse/",
        true,
        "AES256",
        null,
        Duration.ofSeconds(10));
    S3BlobStore store =
        new S3BlobStore(client, encrypted, Duration.ofSeconds(10), Clock.systemUTC());

    assertThatThrownBy(() -> store.put("to encrypt".getBytes(UTF_8)).block())
        .isInstanceOf(Failed.class)
        .cause()
        .hasMessageContaining("Status Code: 501");
  }

  @Test
  void settingsRefuseAnUnknownEncryptionAndAnEmptyBucket() {
    assertThatThrownBy(() ->
            new S3Settings(null, "us-east-1", "b", "", false, "rot13", null, Duration.ofSeconds(1)))
        .hasMessageContaining("AES256 or aws:kms");
    assertThatThrownBy(() ->
            new S3Settings(null, "us-east-1", " ", "", false, null, null, Duration.ofSeconds(1)))
        .hasMessageContaining("bucket");
  }
}
