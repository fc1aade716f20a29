package org.kith.core.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.kith.core.Rejected;

/**
 * Extra labels users may put on profile objects: safe identifiers that cannot impersonate Kith's own node
 * kinds (so an object can never pass for a User, Group, audit event or key).
 */
public final class Labels {
  private static final Pattern SAFE = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");
  public static final Set<String> RESERVED = Set.of(
      "ProfileObject",
      "User",
      "Group",
      "Schema",
      "SchemaHead",
      "AuditEvent",
      "AuditHead",
      "Organisation",
      "OrgInvite",
      "Domain",
      "AccessApplication",
      "ApplicationRequest",
      "ResourceServer",
      "Instance",
      "PublicKey",
      "AppPublicKey",
      "WrappedKey",
      "Credential",
      "RefreshToken",
      "RefreshFamily",
      "PersonalAccessToken",
      "VerificationCode",
      "LoginThrottle",
      "Preferences",
      "Lock",
      "OutboxEvent",
      "ShortLink",
      "KithMigration",
      "KithKey",
      "OidcRequest",
      "OidcCode",
      "OidcGrant",
      "OidcRefresh",
      "OidcSession",
      "TotpFactor",
      "MfaChallenge",
      "WebAuthnCredential",
      "WebAuthnUser",
      "WebAuthnChallenge");
  static final int MAX_EXTRA = 10;

  private Labels() {}

  /** The schema's full name first, then the distinct valid extra labels; 400 for unsafe ones. */
  public static List<String> of(String schemaName, List<String> extra, String path) {
    if (extra.size() > MAX_EXTRA) {
      throw Rejected.invalid(path, "at most " + MAX_EXTRA + " labels");
    }
    List<String> labels = new ArrayList<>();
    labels.add(schemaName);
    for (String label : extra) {
      if (!SAFE.matcher(label).matches()
          || RESERVED.contains(label)
          || label.matches("(ps|us|ss)_.*")) {
        throw Rejected.invalid(
            path,
            "label '" + truncate(label) + "' is not allowed: use letters, digits and _ "
                + "(not a schema name or one of Kith's own node labels)");
      }
      if (!labels.contains(label)) {
        labels.add(label);
      }
    }
    return labels;
  }

  private static String truncate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }
}
