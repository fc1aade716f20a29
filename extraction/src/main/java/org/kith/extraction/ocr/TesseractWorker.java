package org.kith.extraction.ocr;

import com.sun.jna.Pointer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.sourceforge.tess4j.ITessAPI;
import net.sourceforge.tess4j.Tesseract;
import org.jspecify.annotations.Nullable;

/**
 * One Tesseract engine, initialised once and reused: tess4j's own {@code Tesseract} loads the language model
 * again on every call (hundreds of milliseconds), this keeps it. Each {@link #read} runs one recognition and
 * takes words, confidences, boxes and lines from Tesseract's TSV output in a single pass. Not thread-safe: a
 * worker serves one call at a time ({@link TesseractPool} hands them out).
 */
final class TesseractWorker extends Tesseract implements AutoCloseable {
  private static final int RESOLUTION_DPI = 300;
  private final String tessdata;
  private ITessAPI.@Nullable TessBaseAPI osd;

  TesseractWorker(String tessdata, String languages) {
    this.tessdata = tessdata;
    setDatapath(tessdata);
    setLanguage(languages);
    setOcrEngineMode(ITessAPI.TessOcrEngineMode.OEM_LSTM_ONLY);
    init();
    getAPI().TessBaseAPISetVariable(getHandle(), "debug_file", "/dev/null");
  }

  /**
   * Recognises a grayscale image.
   *
   * @param pageSegMode Tesseract's page segmentation mode (3 = a page, 6 = a block, 7 = a single line)
   * @param whitelist the only characters to recognise, or null for all
   */
  OcrPage read(BufferedImage gray, int pageSegMode, @Nullable String whitelist) {
    var api = getAPI();
    var handle = getHandle();
    api.TessBaseAPISetPageSegMode(handle, pageSegMode);
    api.TessBaseAPISetVariable(
        handle, "tessedit_char_whitelist", whitelist == null ? "" : whitelist);
    try {
      setImage(gray, null);
      api.TessBaseAPISetSourceResolution(handle, RESOLUTION_DPI);
      if (api.TessBaseAPIRecognize(handle, null) != 0) {
        throw new IllegalStateException("Tesseract could not recognise the image");
      }
      Pointer tsv = api.TessBaseAPIGetTsvText(handle, 0);
      try {
        return parseTsv(
            tsv == null ? "" : tsv.getString(0, "UTF-8"), gray.getWidth(), gray.getHeight());
      } finally {
        if (tsv != null) {
          api.TessDeleteText(tsv);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      api.TessBaseAPIClear(handle);
    }
  }

  /**
   * Tesseract's TSV: {@code level page block par line word left top width height conf text}; level 4 rows are
   * lines, level 5 rows words (conf -1 marks rows without text).
   */
  static OcrPage parseTsv(String tsv, int width, int height) {
    List<OcrWord> words = new ArrayList<>();
    Map<String, int[]> lineBoxes = new LinkedHashMap<>();
    Map<String, List<OcrWord>> lineWords = new LinkedHashMap<>();
    for (String row : tsv.split("\n", -1)) {
      String[] c = row.split("\t", -1);
      if (c.length < 12 || !c[0].matches("\\d+")) {
        continue;
      }
      int level = Integer.parseInt(c[0]);
      String key = c[2] + "/" + c[3] + "/" + c[4];
      int left = Integer.parseInt(c[6]);
      int top = Integer.parseInt(c[7]);
      int[] box = {left, top, left + Integer.parseInt(c[8]), top + Integer.parseInt(c[9])};
      if (level == 4) {
        lineBoxes.put(key, box);
      } else if (level == 5) {
        String text = c[11].strip();
        double conf = Double.parseDouble(c[10]);
        if (text.isEmpty() || conf < 0) {
          continue;
        }
        OcrWord word = new OcrWord(text, conf, box[0], box[1], box[2], box[3]);
        words.add(word);
        lineWords.computeIfAbsent(key, k -> new ArrayList<>()).add(word);
      }
    }
    List<OcrLine> lines = new ArrayList<>();
    lineWords.forEach((key, ws) -> {
      int[] box = lineBoxes.getOrDefault(key, new int[] {
        ws.get(0).x1(),
        ws.get(0).y1(),
        ws.get(ws.size() - 1).x2(),
        ws.get(ws.size() - 1).y2()
      });
      double conf = ws.stream().mapToDouble(OcrWord::conf).average().orElse(0);
      lines.add(new OcrLine(
          String.join(" ", ws.stream().map(OcrWord::text).toList()),
          conf,
          box[0],
          box[1],
          box[2],
          box[3],
          ws));
    });
    return new OcrPage(words, lines, width, height);
  }

  /**
   * Tesseract's orientation detection (its {@code osd} model, loaded on first use): how many degrees clockwise the
   * image must be turned to read upright (0, 90, 180 or 270), or -1 when there is too little text to tell.
   */
  int orientation(BufferedImage gray) {
    var api = getAPI();
    if (osd == null) {
      osd = api.TessBaseAPICreate();
      if (api.TessBaseAPIInit3(osd, tessdata, "osd") != 0) {
        api.TessBaseAPIDelete(osd);
        osd = null;
        return -1;
      }
      api.TessBaseAPISetVariable(osd, "debug_file", "/dev/null");
    }
    api.TessBaseAPISetPageSegMode(osd, ITessAPI.TessPageSegMode.PSM_OSD_ONLY);
    try {
      java.nio.ByteBuffer pixels =
          net.sourceforge.tess4j.util.ImageIOHelper.getImageByteBuffer(gray);
      api.TessBaseAPISetImage(osd, pixels, gray.getWidth(), gray.getHeight(), 1, gray.getWidth());
      api.TessBaseAPISetSourceResolution(osd, RESOLUTION_DPI);
      java.nio.IntBuffer degrees = java.nio.IntBuffer.allocate(1);
      java.nio.FloatBuffer confidence = java.nio.FloatBuffer.allocate(1);
      com.sun.jna.ptr.PointerByReference script = new com.sun.jna.ptr.PointerByReference();
      java.nio.FloatBuffer scriptConfidence = java.nio.FloatBuffer.allocate(1);
      if (api.TessBaseAPIDetectOrientationScript(osd, degrees, confidence, script, scriptConfidence)
              != ITessAPI.TRUE
          || confidence.get(0) < 1.0f) {
        return -1;
      }
      return (360 - degrees.get(0)) % 360;
    } finally {
      api.TessBaseAPIClear(osd);
    }
  }

  @Override
  public void close() {
    if (osd != null) {
      getAPI().TessBaseAPIEnd(osd);
      getAPI().TessBaseAPIDelete(osd);
      osd = null;
    }
    dispose();
  }
}
