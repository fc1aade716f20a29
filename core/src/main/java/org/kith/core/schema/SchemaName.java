package org.kith.core.schema;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A schema's full name {@code <type>_<ID>}, e.g. {@code ss_NZ_Person}; also the first label of its objects. */
public record SchemaName(SchemaType type, String id) {
  private static final Pattern ID = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,99}");
  private static final Pattern FULL = Pattern.compile("(ps|us|ss)_([A-Za-z][A-Za-z0-9_]{0,99})");

  public static Optional<SchemaName> parse(String fullName) {
    Matcher m = FULL.matcher(fullName);
    return m.matches()
        ? Optional.of(new SchemaName(SchemaType.fromWire(m.group(1)).orElseThrow(), m.group(2)))
        : Optional.empty();
  }

  public static boolean validId(String id) {
    return ID.matcher(id).matches();
  }

  public String full() {
    return type.wire() + "_" + id;
  }
}
