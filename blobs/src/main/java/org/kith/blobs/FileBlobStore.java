package org.kith.blobs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import org.kith.core.Failed;
import org.kith.core.Ids;
import org.kith.core.profile.BlobStore;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@link BlobStore} on the local filesystem: {@code <dir>/<first 2 hex>/<sha256>}. A put writes a temporary
 * file, forces it to disk, renames it into place and forces the directory, so an acknowledged document
 * survives a crash and a reader never sees half a file. Re-putting existing content refreshes its
 * modification time, and reclaiming skips blobs touched within the grace period, so a document being
 * re-uploaded while another copy is deleted is not lost. Blocking I/O runs off the event loop.
 */
public final class FileBlobStore implements BlobStore {
  private final Path dir;
  private final Duration grace;
  private final Clock clock;

  public FileBlobStore(Path dir, Duration grace, Clock clock) {
    this.dir = dir;
    this.grace = grace;
    this.clock = clock;
  }

  Path path(String sha) {
    return dir.resolve(Sha256.require(sha).substring(0, 2)).resolve(sha);
  }

  @Override
  public Mono<String> put(byte[] content) {
    return Mono.fromCallable(() -> {
          String sha = HexFormat.of().formatHex(Sha256.of(content));
          Path target = path(sha);
          if (Files.exists(target)) {
            Files.setLastModifiedTime(target, FileTime.from(clock.instant()));
            return sha;
          }
          Path parent = target.getParent();
          Files.createDirectories(parent);
          Path tmp = parent.resolve("." + sha + "." + Ids.randomToken(6) + ".tmp");
          try {
            try (FileChannel ch =
                FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
              ByteBuffer buffer = ByteBuffer.wrap(content);
              while (buffer.hasRemaining()) {
                ch.write(buffer);
              }
              ch.force(true);
            }
            try {
              Files.move(
                  tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
              Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            try (FileChannel d = FileChannel.open(parent, StandardOpenOption.READ)) {
              d.force(true);
            }
          } finally {
            Files.deleteIfExists(tmp);
          }
          return sha;
        })
        .subscribeOn(Schedulers.boundedElastic())
        .onErrorMap(
            IOException.class, e -> Failed.unavailable("the document could not be stored", e));
  }

  @Override
  public Mono<byte[]> get(String sha256) {
    return Mono.fromCallable(() -> {
          try {
            return Files.readAllBytes(path(sha256));
          } catch (NoSuchFileException e) {
            return null;
          }
        })
        .subscribeOn(Schedulers.boundedElastic())
        .onErrorMap(
            IOException.class, e -> Failed.unavailable("the document could not be read", e));
  }

  @Override
  public Mono<Void> reclaim(String sha256) {
    return Mono.fromRunnable(() -> {
          Path p = path(sha256);
          try {
            if (Files.exists(p)
                && Files.getLastModifiedTime(p).toInstant().plus(grace).isBefore(clock.instant())) {
              Files.deleteIfExists(p);
            }
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        })
        .subscribeOn(Schedulers.boundedElastic())
        .onErrorMap(
            java.io.UncheckedIOException.class,
            e -> Failed.unavailable("the document could not be removed", e))
        .then();
  }

  @Override
  public Mono<Void> erase(String sha256) {
    return Mono.fromCallable(() -> Files.deleteIfExists(path(sha256)))
        .subscribeOn(Schedulers.boundedElastic())
        .onErrorMap(
            IOException.class, e -> Failed.unavailable("the document could not be removed", e))
        .then();
  }

  @Override
  public reactor.core.publisher.Flux<String> stored() {
    return reactor.core.publisher.Flux.defer(() -> {
          if (!Files.isDirectory(dir)) {
            return reactor.core.publisher.Flux.<String>empty();
          }
          java.util.List<String> shas = new java.util.ArrayList<>();
          try (var files = Files.walk(dir, 2)) {
            files
                .filter(Files::isRegularFile)
                .map(p -> p.getFileName().toString())
                .filter(Sha256::isName)
                .forEach(shas::add);
          } catch (IOException e) {
            return reactor.core.publisher.Flux.<String>error(
                Failed.unavailable("cannot list documents", e));
          }
          return reactor.core.publisher.Flux.fromIterable(shas);
        })
        .subscribeOn(Schedulers.boundedElastic());
  }
}
