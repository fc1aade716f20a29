package org.kith.core.authz;

/** Who holds a grant: a user ({@code u_id}) or a group ({@code g_id}, including the built-in PUBLIC). */
public record Subject(Kind kind, String id) {
  /** The two kinds of grant holders. */
  public enum Kind {
    USER,
    GROUP
  }

  public static final String PUBLIC = "PUBLIC";

  /**
   * The built-in account that owns what Kith ships as profile objects (Clarity models); it has no credential
   * and is disabled, so no one logs in as it.
   */
  public static final String SYSTEM_USER = "kith-system";

  public static Subject user(String uId) {
    return new Subject(Kind.USER, uId);
  }

  public static Subject group(String gId) {
    return new Subject(Kind.GROUP, gId);
  }
}
