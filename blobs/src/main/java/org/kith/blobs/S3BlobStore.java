package org.kith.blobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.Callable;
import org.kith.core.Failed;
import org.kith.core.profile.BlobStore;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link BlobStore} in an S3-compatible bucket: object {@code <prefix><first 2 hex>/<sha256>}. Several Kith nodes
 * share one bucket.
 *
 * <p>A put is a conditional write ({@code If-None-Match: *}) carrying the content's SHA-256, which the store checks
 * before it accepts the bytes; S3 acknowledges a write only once it is durable. When the object is already there
 * (412, or 409 for a concurrent conditional write), the put refreshes its modification time by copying the object
 * onto itself, so that reclaiming, which removes only objects untouched for the grace period, does not remove a
 * document that is being uploaded again. A read checks the bytes against their name before it returns them. Every
 * call runs off the event loop with the client's timeouts.
 */
public final class S3BlobStore implements BlobStore, AutoCloseable {
  private static final String TOUCHED = "kith-touched";
  private final S3Client s3;
  private final S3Settings where;
  private final Duration grace;
  private final Clock clock;

  public S3BlobStore(S3Client s3, S3Settings where, Duration grace, Clock clock) {
    this.s3 = s3;
    this.where = where;
    this.grace = grace;
    this.clock = clock;
  }

  @Override
  public Mono<String> put(byte[] content) {
    return call("the document could not be stored", () -> {
      byte[] digest = Sha256.of(content);
      String sha = HexFormat.of().formatHex(digest);
      String key = where.key(sha);
      // one retry: the object can vanish (an erasure) between a refused write and its touch
      for (int attempt = 0; attempt < 2; attempt++) {
        if (create(key, content, digest) || touch(key)) {
          return sha;
        }
      }
      throw Failed.unavailable("the document could not be stored", null);
    });
  }

  /** True when this call wrote the object; false when it was already there. */
  private boolean create(String key, byte[] content, byte[] digest) {
    PutObjectRequest.Builder put = PutObjectRequest.builder()
        .bucket(where.bucket())
        .key(key)
        .ifNoneMatch("*")
        .contentType("application/octet-stream")
        .checksumSHA256(Base64.getEncoder().encodeToString(digest));
    where.encrypt(put);
    try {
      s3.putObject(put.build(), RequestBody.fromBytes(content));
      return true;
    } catch (S3Exception e) {
      if (e.statusCode() == 412 || e.statusCode() == 409) {
        return false;
      }
      throw e;
    }
  }

  /** Moves the object's modification time to now; false when it no longer exists. */
  private boolean touch(String key) {
    try {
      s3.copyObject(c -> {
        c.sourceBucket(where.bucket())
            .sourceKey(key)
            .destinationBucket(where.bucket())
            .destinationKey(key)
            .metadataDirective(MetadataDirective.REPLACE)
            .contentType("application/octet-stream")
            .metadata(Map.of(TOUCHED, clock.instant().toString()));
        where.encrypt(c);
      });
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public Mono<byte[]> get(String sha256) {
    String key = where.key(sha256);
    return call("the document could not be read", () -> {
      byte[] bytes;
      try {
        bytes = s3.getObjectAsBytes(g -> g.bucket(where.bucket()).key(key)).asByteArrayUnsafe();
      } catch (NoSuchKeyException e) {
        return null;
      }
      if (!HexFormat.of().formatHex(Sha256.of(bytes)).equals(sha256)) {
        throw Failed.unavailable("the stored document does not match its digest", null);
      }
      return bytes;
    });
  }

  @Override
  public Mono<Void> reclaim(String sha256) {
    String key = where.key(sha256);
    return call("the document could not be removed", () -> {
          Instant modified;
          try {
            modified = s3.headObject(h -> h.bucket(where.bucket()).key(key)).lastModified();
          } catch (NoSuchKeyException e) {
            return null;
          }
          if (modified.plus(grace).isBefore(clock.instant())) {
            s3.deleteObject(d -> d.bucket(where.bucket()).key(key));
          }
          return null;
        })
        .then();
  }

  @Override
  public Mono<Void> erase(String sha256) {
    String key = where.key(sha256);
    return call("the document could not be removed", () -> {
          s3.deleteObject(d -> d.bucket(where.bucket()).key(key));
          return null;
        })
        .then();
  }

  @Override
  public Flux<String> stored() {
    return Flux.defer(() -> Flux.fromIterable(
                s3.listObjectsV2Paginator(l -> l.bucket(where.bucket()).prefix(where.prefix()))
                    .contents())
            .map(S3Object::key)
            .mapNotNull(where::sha))
        .subscribeOn(Schedulers.boundedElastic())
        .onErrorMap(SdkException.class, e -> Failed.unavailable("cannot list documents", e));
  }

  /** Closes the client this store was given (at shutdown). */
  @Override
  public void close() {
    s3.close();
  }

  private static <T> Mono<T> call(String failure, Callable<T> work) {
    return Mono.fromCallable(work)
        .subscribeOn(Schedulers.boundedElastic())
        .onErrorMap(SdkException.class, e -> Failed.unavailable(failure, e));
  }
}
