package org.kith.api.schema;

import com.networknt.schema.ExecutionContext;
import com.networknt.schema.Format;
import com.networknt.schema.format.DateTimeFormat;
import org.kith.core.Timestamps;

/**
 * Draft-07 {@code date-time} as Kith reads it: RFC 3339 (the library's own check, leap seconds and all) or a
 * date-time without a zone, read as UTC ({@link Timestamps}), which every example of the reference API uses.
 * Draft 2020-12 schemas keep the strict RFC 3339 format.
 */
final class ZonelessDateTime implements Format {
  private static final DateTimeFormat RFC_3339 = new DateTimeFormat();

  @Override
  public String getName() {
    return RFC_3339.getName();
  }

  @Override
  public String getMessageKey() {
    return RFC_3339.getMessageKey();
  }

  @Override
  public boolean matches(ExecutionContext context, String value) {
    return RFC_3339.matches(context, value) || Timestamps.zoneless(value).isPresent();
  }
}
