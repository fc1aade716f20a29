package org.kith.extraction.clarity;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Test documents drawn with Java2D: a driver-licence-like card (1000×630 at scale 1) with the anchors
 * "NEW ZEALAND" (top-left) and "DRIVER LICENCE" (bottom-right), five printed fields and a photo patch, and
 * photos of it: scaled, rotated, shifted, noisy and JPEG-compressed.
 */
public final class SyntheticCards {
  public static final int WIDTH = 1000;
  public static final int HEIGHT = 630;
  public static final String ANCHOR_A = "NEW ZEALAND";
  public static final String ANCHOR_C = "DRIVER LICENCE";
  /** Printed top-right: what tells this card design apart from others with the same anchors. */
  public static final String VERSION_MARK = "SERIES 2019";
  /** Field boxes on the upright card at scale 1 (pixels). */
  public static final Map<String, int[]> FIELDS = new LinkedHashMap<>();

  public static final int[] PHOTO = {40, 130, 280, 450};
  /** The licence-classes table: 2 rows × 3 columns of equal size. */
  public static final int[] TABLE = {320, 440, 620, 530};

  static {
    FIELDS.put("family_name", new int[] {320, 132, 960, 176});
    FIELDS.put("given_names", new int[] {320, 212, 960, 256});
    FIELDS.put("date_of_birth", new int[] {320, 292, 600, 336});
    FIELDS.put("licence_number", new int[] {320, 372, 600, 416});
    FIELDS.put("expiry_date", new int[] {650, 372, 960, 416});
    FIELDS.put("card_version", new int[] {650, 292, 900, 336});
  }

  private static final String[] FAMILY = {
    "ERIKSSON",
    "NGATA",
    "SMITH",
    "OKONKWO",
    "TAYLOR",
    "WILLIAMS",
    "BROWN",
    "PATEL",
    "WHAANGA",
    "MORGAN",
    "CHEN",
    "FRASER"
  };
  private static final String[] GIVEN = {
    "ANNA MARIA",
    "HEMI",
    "JOHN PAUL",
    "CHIDI",
    "SARAH",
    "TAMATI",
    "OLIVIA",
    "PRIYA",
    "AROHA",
    "DAVID JAMES",
    "WEI",
    "ISLA"
  };

  public record Person(Map<String, String> fields, long photoSeed) {
    /** The table's cells, row by row. */
    public List<List<String>> classes() {
      int year = 2000 + (int) (photoSeed % 20);
      return List.of(
          List.of("1", String.valueOf(year), "2031"),
          List.of("6", String.valueOf(year + 3), "2032"));
    }
  }

  public static Person person(int i) {
    Random r = new Random(1000 + i);
    Map<String, String> f = new LinkedHashMap<>();
    f.put("family_name", FAMILY[i % FAMILY.length]);
    f.put("given_names", GIVEN[(i * 5 + 3) % GIVEN.length]);
    f.put(
        "date_of_birth",
        String.format("%02d-%02d-%d", 1 + r.nextInt(28), 1 + r.nextInt(12), 1950 + r.nextInt(55)));
    f.put(
        "licence_number",
        String.format(
            "%s%s%06d",
            (char) ('A' + r.nextInt(26)), (char) ('A' + r.nextInt(26)), r.nextInt(1_000_000)));
    f.put(
        "expiry_date",
        String.format("%02d-%02d-%d", 1 + r.nextInt(28), 1 + r.nextInt(12), 2027 + r.nextInt(10)));
    f.put("card_version", String.valueOf(100 + r.nextInt(900)));
    return new Person(f, 77L * i + 5);
  }

  /** The photo patch pasted on the card (deterministic per person). */
  public static BufferedImage photo(long seed) {
    int w = PHOTO[2] - PHOTO[0];
    int h = PHOTO[3] - PHOTO[1];
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    Random r = new Random(seed);
    g.setColor(new Color(150 + r.nextInt(80), 170 + r.nextInt(60), 200));
    g.fillRect(0, 0, w, h);
    g.setColor(new Color(120 + r.nextInt(100), 80 + r.nextInt(60), 60));
    g.fillOval(w / 4, h / 6, w / 2, h / 2); // a head
    g.setColor(new Color(40 + r.nextInt(60), 40, 90 + r.nextInt(100)));
    g.fillRoundRect(w / 8, (int) (h * 0.62), (int) (w * 0.75), h / 2, 60, 60); // shoulders
    g.dispose();
    return img;
  }

  /** The upright card at scale 1. */
  public static BufferedImage card(Person p) {
    BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(new Color(236, 242, 236));
    g.fillRoundRect(0, 0, WIDTH, HEIGHT, 40, 40);
    g.setColor(new Color(210, 225, 212));
    for (int y = 470; y < 560; y += 12) {
      g.drawLine(40, y, 600, y + 20); // a light security pattern
    }
    g.setColor(new Color(20, 30, 60));
    g.setFont(new Font("DejaVu Sans", Font.BOLD, 40));
    g.drawString(ANCHOR_A, 40, 80);
    g.setFont(new Font("DejaVu Sans", Font.BOLD, 28));
    g.drawString(VERSION_MARK, 960 - g.getFontMetrics().stringWidth(VERSION_MARK), 75);
    g.setFont(new Font("DejaVu Sans", Font.BOLD, 36));
    int cw = g.getFontMetrics().stringWidth(ANCHOR_C);
    g.drawString(ANCHOR_C, 960 - cw, 595);
    g.setFont(new Font("DejaVu Sans", Font.PLAIN, 16));
    g.setColor(new Color(90, 100, 110));
    g.drawString("1. Surname", 320, 125);
    g.drawString("2. Given names", 320, 205);
    g.drawString("3. Date of birth", 320, 285);
    g.drawString("5. Licence No", 320, 365);
    g.drawString("4b. Expiry", 650, 365);
    g.drawString("5a. Card version", 650, 285);
    g.setColor(Color.BLACK);
    g.setFont(new Font("DejaVu Sans", Font.BOLD, 30));
    for (Map.Entry<String, int[]> e : FIELDS.entrySet()) {
      int[] b = e.getValue();
      g.drawString(p.fields().get(e.getKey()), b[0] + 6, b[3] - 10);
    }
    g.drawImage(photo(p.photoSeed()), PHOTO[0], PHOTO[1], null);
    g.setFont(new Font("DejaVu Sans", Font.BOLD, 24));
    int cellW = (TABLE[2] - TABLE[0]) / 3;
    int cellH = (TABLE[3] - TABLE[1]) / 2;
    List<List<String>> rows = p.classes();
    for (int r = 0; r < rows.size(); r++) {
      for (int c = 0; c < 3; c++) {
        g.drawString(
            rows.get(r).get(c), TABLE[0] + c * cellW + 10, TABLE[1] + (r + 1) * cellH - 12);
      }
    }
    g.dispose();
    return img;
  }

  /** A photo of the card: scaled, rotated (degrees), shifted on a larger background, with noise. */
  public static BufferedImage photograph(
      BufferedImage card, double scale, double degrees, int dx, int dy, double noise, long seed) {
    int w = (int) (card.getWidth() * scale) + 300;
    int h = (int) (card.getHeight() * scale) + 300;
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(new Color(90, 80, 70));
    g.fillRect(0, 0, w, h);
    AffineTransform t = new AffineTransform();
    t.translate(w / 2.0 + dx, h / 2.0 + dy);
    t.rotate(Math.toRadians(degrees));
    t.scale(scale, scale);
    t.translate(-card.getWidth() / 2.0, -card.getHeight() / 2.0);
    g.drawImage(card, t, null);
    g.dispose();
    Random r = new Random(seed);
    if (noise > 0) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int rgb = out.getRGB(x, y);
          int n = (int) (r.nextGaussian() * noise);
          out.setRGB(
              x,
              y,
              (clamp(((rgb >> 16) & 255) + n) << 16)
                  | (clamp(((rgb >> 8) & 255) + n) << 8)
                  | clamp((rgb & 255) + n));
        }
      }
    }
    return out;
  }

  public static byte[] jpeg(BufferedImage image, float quality) {
    try {
      ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
        writer.setOutput(out);
        writer.write(null, new IIOImage(image, null, null), param);
      }
      writer.dispose();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] png(BufferedImage image) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      ImageIO.write(image, "png", bytes);
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The training components at scale 1. */
  public static List<ClarityEngine.Component> components() {
    List<ClarityEngine.Component> list = new java.util.ArrayList<>();
    FIELDS.forEach((name, b) ->
        list.add(new ClarityEngine.Component(name, "text", new Box(b[0], b[1], b[2], b[3]))));
    list.add(new ClarityEngine.Component(
        "photo", "image", new Box(PHOTO[0], PHOTO[1], PHOTO[2], PHOTO[3])));
    return list;
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }

  /**
   * Writes a benchmark set into a directory: {@code train.json} (a {@code /v1/clarity/train} request for the
   * upright card of person 0) and {@code card-NN.jpg}, photos of other people's cards (scaled, rotated, noisy).
   */
  public static void main(String[] args) throws IOException {
    java.nio.file.Path dir = java.nio.file.Path.of(args[0]);
    java.nio.file.Files.createDirectories(dir);
    StringBuilder components = new StringBuilder();
    for (ClarityEngine.Component c : components()) {
      components
          .append(components.length() == 0 ? "" : ",")
          .append(String.format(
              java.util.Locale.ROOT,
              "{\"name\":\"%s\",\"type\":\"%s\",\"x1\":%.0f,\"y1\":%.0f,\"x2\":%.0f,\"y2\":%.0f}",
              c.name(),
              c.type(),
              c.box().x1(),
              c.box().y1(),
              c.box().x2(),
              c.box().y2()));
    }
    java.nio.file.Files.writeString(
        dir.resolve("train.json"),
        "{\"name\":\"NZ_DL_BENCH\",\"anchor_a\":\"" + ANCHOR_A
            + "\",\"anchor_c\":\"" + ANCHOR_C + "\",\"image\":\""
            + java.util.Base64.getEncoder().encodeToString(png(card(person(0))))
            + "\",\"components\":[" + components + "]}");
    for (int i = 1; i <= 10; i++) {
      Random r = new Random(i);
      BufferedImage photo = photograph(
          card(person(i)),
          0.7 + r.nextDouble() * 0.6,
          r.nextDouble() * 8 - 4,
          r.nextInt(80) - 40,
          r.nextInt(80) - 40,
          4,
          i);
      java.nio.file.Files.write(dir.resolve(String.format("card-%02d.jpg", i)), jpeg(photo, 0.8f));
    }
  }
}
