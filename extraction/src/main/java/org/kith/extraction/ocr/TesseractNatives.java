package org.kith.extraction.ocr;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Makes Debian's Tesseract 5 usable by tess4j 5.4. tess4j asks JNA for a library named {@code leptonica},
 * but Debian ships Leptonica as {@code liblept.so.5}; so Kith creates a folder with a link
 * {@code libleptonica.so → liblept.so.5} and puts it on {@code jna.library.path}. Idempotent and safe to
 * call from several threads.
 */
public final class TesseractNatives {
  static final List<Path> LIBRARY_DIRS = List.of(
      Path.of("/usr/lib/x86_64-linux-gnu"),
      Path.of("/usr/lib/aarch64-linux-gnu"),
      Path.of("/usr/lib64"),
      Path.of("/usr/lib"),
      Path.of("/usr/local/lib"));
  static final List<Path> TESSDATA_DIRS = List.of(
      Path.of("/usr/share/tesseract-ocr/5/tessdata"),
      Path.of("/usr/share/tesseract-ocr/4.00/tessdata"),
      Path.of("/usr/share/tessdata"),
      Path.of("/usr/local/share/tessdata"));

  private TesseractNatives() {}

  /**
   * Links Leptonica under {@code nativeDir} and registers the folder with JNA.
   *
   * @return the folder put on {@code jna.library.path}
   */
  public static synchronized Path prepare(Path nativeDir) {
    limitOpenMpThreads();
    Path leptonica = findLeptonica()
        .orElseThrow(() -> new IllegalStateException(
            "Leptonica not found; install the Debian package tesseract-ocr (it brings liblept5)"));
    try {
      Files.createDirectories(nativeDir);
      Path link = nativeDir.resolve("libleptonica.so");
      if (!Files.isSymbolicLink(link) || !Files.readSymbolicLink(link).equals(leptonica)) {
        Path tmp =
            nativeDir.resolve("libleptonica.so.tmp-" + ProcessHandle.current().pid());
        Files.deleteIfExists(tmp);
        Files.createSymbolicLink(tmp, leptonica);
        Files.move(
            tmp,
            link,
            java.nio.file.StandardCopyOption.REPLACE_EXISTING,
            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot link Leptonica for tess4j", e);
    }
    String dir = nativeDir.toAbsolutePath().toString();
    String current = System.getProperty("jna.library.path", "");
    if (!List.of(current.split(File.pathSeparator)).contains(dir)) {
      System.setProperty(
          "jna.library.path", current.isEmpty() ? dir : dir + File.pathSeparator + current);
    }
    return nativeDir;
  }

  /** The C library's {@code setenv}, to configure OpenMP before Tesseract (and its libgomp) is loaded. */
  interface LibC extends com.sun.jna.Library {
    int setenv(String name, String value, int overwrite);
  }

  /**
   * Sets {@code OMP_THREAD_LIMIT=1} in the process environment unless already set: Tesseract's OpenMP threads
   * fight each other and the request threads on small machines (4× slower on 2 cores). Takes effect only
   * before the Tesseract library is first loaded, which is why {@link #prepare} does it first.
   */
  static void limitOpenMpThreads() {
    if (System.getenv("OMP_THREAD_LIMIT") == null) {
      com.sun.jna.Native.load("c", LibC.class).setenv("OMP_THREAD_LIMIT", "1", 0);
    }
  }

  /** Tesseract's language data folder ({@code TESSDATA_PREFIX} first, then Debian's locations). */
  public static Path tessdata() {
    String prefix = System.getenv("TESSDATA_PREFIX");
    Stream<Path> candidates = Stream.concat(
        prefix == null ? Stream.empty() : Stream.of(Path.of(prefix)), TESSDATA_DIRS.stream());
    return candidates
        .filter(d -> Files.isRegularFile(d.resolve("eng.traineddata")))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException(
            "no eng.traineddata found; install the Debian package tesseract-ocr-eng"));
  }

  static Optional<Path> findLeptonica() {
    for (Path dir : LIBRARY_DIRS) {
      for (String name : List.of("liblept.so.5", "libleptonica.so.6", "liblept.so")) {
        Path candidate = dir.resolve(name);
        if (Files.exists(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }
}
