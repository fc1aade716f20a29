package org.kith.crypto.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads or creates small secret files. A new file is written to a temporary name with owner-only
 * permissions, forced to disk and renamed into place, so a crash never leaves a half-written key and two
 * processes starting at once agree on one key.
 */
public final class KeyFiles {
  private KeyFiles() {}

  /** The file's bytes; if absent, creates it with {@code create}'s bytes first. */
  public static byte[] readOrCreate(Path file, Supplier<byte[]> create) {
    try {
      Optional<byte[]> existing = read(file);
      if (existing.isPresent()) {
        return existing.get();
      }
      writeOwnerOnly(file, create.get(), false);
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create key file " + file.getFileName(), e);
    }
  }

  /** Replaces (or creates) the file atomically with owner-only permissions. */
  public static void write(Path file, byte[] content) {
    try {
      writeOwnerOnly(file, content, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write key file " + file.getFileName(), e);
    }
  }

  private static Optional<byte[]> read(Path file) throws IOException {
    return Files.exists(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
  }

  private static void writeOwnerOnly(Path file, byte[] content, boolean replace)
      throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(
        dir,
        ".key",
        ".tmp",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      try (FileChannel ch =
          FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buf = ByteBuffer.wrap(content);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      if (replace) {
        moveAtomically(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      } else {
        try {
          // A hard link fails if another process created the file first: first writer wins.
          Files.createLink(file, tmp);
        } catch (FileAlreadyExistsException raced) {
          // keep the other process's key
        }
      }
      try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
        d.force(true);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void moveAtomically(Path from, Path to, StandardCopyOption option)
      throws IOException {
    try {
      Files.move(from, to, option, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, option);
    }
  }
}
