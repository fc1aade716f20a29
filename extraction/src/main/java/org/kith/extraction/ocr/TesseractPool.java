package org.kith.extraction.ocr;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A fixed set of reusable Tesseract engines (one per core by default), created on first use. Callers borrow
 * an engine for one recognition; when all are busy they wait at most {@code maxWait} and then get
 * {@link Busy}, so a burst of requests can never pile up behind OCR. Thread-safe.
 */
public final class TesseractPool implements AutoCloseable {
  /** Page segmentation modes used by Kith. */
  public static final int PSM_AUTO = 3;

  public static final int PSM_BLOCK = 6;
  public static final int PSM_LINE = 7;
  /** Sparse text: as much text as possible, in no particular order (cards, forms). */
  public static final int PSM_SPARSE = 11;

  private final BlockingQueue<TesseractWorker> idle;
  private final int size;
  private final Path nativeDir;
  private final String languages;
  private @Nullable String tessdata;
  private final Duration maxWait;
  private int created;

  /** Thrown when Tesseract is not installed (or cannot be loaded) on this machine; the message says what to do. */
  public static final class Unavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Thrown when no engine became free in time. */
  public static final class Busy extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Busy() {
      super("all OCR engines are busy");
    }
  }

  /**
   * @param nativeDir where the Leptonica link is made (see {@link TesseractNatives#prepare})
   */
  public TesseractPool(Path nativeDir, int size, Duration maxWait) {
    this(nativeDir, size, maxWait, "eng");
  }

  /**
   * @param languages Tesseract languages joined with {@code +} (for example {@code eng+deu+fra}); each needs its
   *     Debian {@code tesseract-ocr-<lang>} package, and every language added slows recognition down
   */
  public TesseractPool(Path nativeDir, int size, Duration maxWait, String languages) {
    if (!languages.matches("[a-z_]{3,8}(\\+[a-z_]{3,8}){0,9}")) {
      throw new IllegalArgumentException(
          "languages are Tesseract codes joined with +, e.g. eng+deu");
    }
    this.languages = languages;
    this.nativeDir = nativeDir;
    this.size = Math.max(1, size);
    this.maxWait = maxWait;
    this.idle = new ArrayBlockingQueue<>(this.size);
  }

  public int size() {
    return size;
  }

  /** Recognises a grayscale image with one of the pool's engines. */
  public OcrPage read(BufferedImage gray, int pageSegMode, @Nullable String whitelist) {
    TesseractWorker worker = borrow();
    try {
      return worker.read(gray, pageSegMode, whitelist);
    } finally {
      idle.add(worker);
    }
  }

  /**
   * Degrees clockwise to turn a grayscale image so its text reads upright (Tesseract's orientation detection),
   * or -1 when it cannot tell.
   */
  public int orientation(BufferedImage gray) {
    TesseractWorker worker = borrow();
    try {
      return worker.orientation(gray);
    } finally {
      idle.add(worker);
    }
  }

  private TesseractWorker borrow() {
    TesseractWorker worker = idle.poll();
    if (worker != null) {
      return worker;
    }
    synchronized (this) {
      if (created < size) {
        created++;
        try {
          if (tessdata == null) {
            TesseractNatives.prepare(nativeDir);
            tessdata = TesseractNatives.tessdata().toString();
          }
          for (String language : languages.split("\\+", -1)) {
            if (!java.nio.file.Files.isRegularFile(Path.of(tessdata, language + ".traineddata"))) {
              throw new IllegalStateException("no " + language
                  + ".traineddata (Debian package tesseract-ocr-" + language + ")");
            }
          }
          return new TesseractWorker(tessdata, languages);
        } catch (RuntimeException | LinkageError e) {
          created--;
          throw new Unavailable(
              "OCR is not available on this server (" + e.getMessage()
                  + "); install the Debian packages tesseract-ocr and tesseract-ocr-eng",
              e);
        }
      }
    }
    try {
      worker = idle.poll(maxWait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Busy();
    }
    if (worker == null) {
      throw new Busy();
    }
    return worker;
  }

  @Override
  public synchronized void close() {
    TesseractWorker w;
    while ((w = idle.poll()) != null) {
      w.close();
    }
  }
}
