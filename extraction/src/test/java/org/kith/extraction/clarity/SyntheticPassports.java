package org.kith.extraction.clarity;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.kith.extraction.mrz.CheckDigits;

/**
 * Test passports drawn with Java2D: an ICAO 9303 TD3 data page (1250×880 at scale 1, the 125 × 88 mm page at
 * 10 px/mm) with the anchors "PASSPORT" (top-left) and "NEW ZEALAND" (bottom-right, above the MRZ), nine
 * printed fields under their labels, a photo patch and a two-line MRZ in OCR-B whose check digits are computed.
 * Invented people only; photos of the page come from {@link SyntheticCards#photograph}.
 */
public final class SyntheticPassports {
  public static final int WIDTH = 1250;
  public static final int HEIGHT = 880;
  public static final String ANCHOR_A = "PASSPORT";
  public static final String ANCHOR_C = "NEW ZEALAND";
  public static final String ISSUER = "NZL";
  /** Printed field boxes on the upright page at scale 1 (pixels); each label is printed just above its box. */
  public static final Map<String, int[]> FIELDS = new LinkedHashMap<>();
  /** The labels printed above the fields. */
  static final Map<String, String> LABELS = new LinkedHashMap<>();

  public static final int[] PHOTO = {50, 150, 350, 540};

  static {
    field("passport_number", "Passport No.", 860, 150, 1200);
    field("family_name", "Surname", 400, 232, 1200);
    field("given_names", "Given names", 400, 314, 1200);
    field("nationality", "Nationality", 400, 396, 620);
    field("date_of_birth", "Date of birth", 660, 396, 960);
    field("sex", "Sex", 1000, 396, 1100);
    field("issue_date", "Date of issue", 400, 478, 700);
    field("expiry_date", "Date of expiry", 760, 478, 1060);
    field("authority", "Authority", 400, 560, 900);
  }

  private static void field(String name, String label, int x1, int y1, int x2) {
    FIELDS.put(name, new int[] {x1, y1, x2, y1 + 44});
    LABELS.put(name, label);
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
    "FRASER",
    "TE WHATU",
    "O'BRIEN",
    "MACDONALD"
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
    "ISLA",
    "SOPHIE ANNE"
  };
  private static final String[] MONTHS = {
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"
  };

  /** A passport holder: the printed fields (as printed) and the MRZ lines. */
  public record Holder(Map<String, String> fields, List<String> mrz, long photoSeed) {}

  public static Holder holder(int i) {
    Random r = new Random(5000 + i);
    Map<String, String> f = new LinkedHashMap<>();
    String number =
        String.format(Locale.ROOT, "%s%s%06d", letter(r), letter(r), r.nextInt(1_000_000));
    int[] birth = {1 + r.nextInt(28), 1 + r.nextInt(12), 1950 + r.nextInt(55)};
    int[] issue = {1 + r.nextInt(28), 1 + r.nextInt(12), 2017 + r.nextInt(9)};
    int[] expiry = {issue[0], issue[1], issue[2] + 10};
    String sex = r.nextBoolean() ? "F" : "M";
    f.put("passport_number", number);
    f.put("family_name", FAMILY[i % FAMILY.length]);
    f.put("given_names", GIVEN[(i * 7 + 2) % GIVEN.length]);
    f.put("nationality", ISSUER);
    f.put("date_of_birth", printed(birth));
    f.put("sex", sex);
    f.put("issue_date", printed(issue));
    f.put("expiry_date", printed(expiry));
    f.put("authority", "DIA WELLINGTON");
    return new Holder(f, mrz(f, birth, expiry), 91L * i + 7);
  }

  private static char letter(Random r) {
    return (char) ('A' + r.nextInt(26));
  }

  private static String printed(int[] dmy) {
    return String.format(Locale.ROOT, "%02d %s %d", dmy[0], MONTHS[dmy[1] - 1], dmy[2]);
  }

  private static String yymmdd(int[] dmy) {
    return String.format(Locale.ROOT, "%02d%02d%02d", dmy[2] % 100, dmy[1], dmy[0]);
  }

  /** The TD3 MRZ of the printed fields, check digits included. */
  static List<String> mrz(Map<String, String> f, int[] birth, int[] expiry) {
    String names = (mrzName(f.get("family_name")) + "<<" + mrzName(f.get("given_names")));
    String line1 = pad("P<" + ISSUER + names, 44);
    String number = pad(f.get("passport_number"), 9);
    String dob = yymmdd(birth);
    String exp = yymmdd(expiry);
    String personal = pad("", 14);
    String upper = number
        + CheckDigits.checkDigit(number)
        + ISSUER
        + dob
        + CheckDigits.checkDigit(dob)
        + f.get("sex")
        + exp
        + CheckDigits.checkDigit(exp)
        + personal
        + CheckDigits.checkDigit(personal);
    String composite = upper.substring(0, 10) + upper.substring(13, 20) + upper.substring(21, 43);
    return List.of(line1, upper + CheckDigits.checkDigit(composite));
  }

  private static String mrzName(String name) {
    return name.replace("'", "").replace(' ', '<').replace('-', '<');
  }

  private static String pad(String s, int length) {
    StringBuilder b = new StringBuilder(s.length() > length ? s.substring(0, length) : s);
    while (b.length() < length) {
      b.append('<');
    }
    return b.toString();
  }

  /** The upright data page at scale 1. */
  public static BufferedImage page(Holder h) {
    BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(new Color(238, 236, 246));
    g.fillRect(0, 0, WIDTH, HEIGHT);
    g.setColor(new Color(222, 218, 238));
    for (int y = 560; y < 700; y += 12) {
      g.drawLine(50, y, 350, y + 20); // a light security pattern under the photo
    }
    g.setColor(new Color(30, 30, 80));
    g.setFont(new Font("DejaVu Sans", Font.BOLD, 44));
    g.drawString(ANCHOR_A, 50, 90);
    g.setFont(new Font("DejaVu Sans", Font.BOLD, 38));
    g.drawString(ANCHOR_C, 1200 - g.getFontMetrics().stringWidth(ANCHOR_C), 680);
    g.setFont(new Font("DejaVu Sans", Font.PLAIN, 18));
    g.setColor(new Color(90, 90, 120));
    g.drawString("Type", 400, 140);
    g.drawString("Code of issuing State", 520, 140);
    for (Map.Entry<String, int[]> e : FIELDS.entrySet()) {
      g.drawString(LABELS.get(e.getKey()), e.getValue()[0], e.getValue()[1] - 8);
    }
    g.setColor(Color.BLACK);
    g.setFont(new Font("DejaVu Sans", Font.BOLD, 30));
    g.drawString("P", 406, 184);
    g.drawString(ISSUER, 526, 184);
    for (Map.Entry<String, int[]> e : FIELDS.entrySet()) {
      int[] b = e.getValue();
      g.drawString(h.fields().get(e.getKey()), b[0] + 6, b[3] - 10);
    }
    g.drawImage(
        SyntheticCards.photo(h.photoSeed()),
        PHOTO[0],
        PHOTO[1],
        PHOTO[2] - PHOTO[0],
        PHOTO[3] - PHOTO[1],
        null);
    g.setColor(Color.WHITE);
    g.fillRect(0, 720, WIDTH, HEIGHT - 720);
    g.setColor(Color.BLACK);
    g.setFont(new Font("OCR B", Font.PLAIN, 40));
    int y = 780;
    for (String line : h.mrz()) {
      g.drawString(line, 60, y);
      y += 62;
    }
    g.dispose();
    return img;
  }

  /** The training components at scale 1: every printed field and the photo. */
  public static List<ClarityEngine.Component> components() {
    List<ClarityEngine.Component> list = new java.util.ArrayList<>();
    FIELDS.forEach((name, b) ->
        list.add(new ClarityEngine.Component(name, "text", new Box(b[0], b[1], b[2], b[3]))));
    list.add(new ClarityEngine.Component(
        "photo", "image", new Box(PHOTO[0], PHOTO[1], PHOTO[2], PHOTO[3])));
    return list;
  }
}
