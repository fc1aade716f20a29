package org.kith.core;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How Kith reads a point in time a client sends (instance {@code end_date}, date filters, dead-letter ranges): an
 * RFC 3339 date-time with {@code Z} or an offset; a date-time without a zone, as every example of the reference
 * API writes them ({@code 2119-03-30T03:53:17.848776}), read as UTC; or a date, read as its first instant in UTC.
 * The same rule decides what a draft-07 {@code date-time} field of a profile object accepts.
 */
public final class Timestamps {
  /** A date-time without a zone: the RFC 3339 form minus the offset, fractions of any length. */
  private static final Pattern ZONELESS =
      Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?");

  private Timestamps() {}

  /** The instant {@code value} names, or empty if it is none of the accepted forms. */
  public static Optional<Instant> parse(String value) {
    if (value.length() > 64) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(value).toInstant());
    } catch (DateTimeParseException e) {
      // not with a zone: try the forms without one
    }
    Optional<LocalDateTime> local = zoneless(value);
    if (local.isPresent()) {
      return Optional.of(local.get().toInstant(ZoneOffset.UTC));
    }
    try {
      return Optional.of(LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** {@code value} as a date-time without a zone (a real calendar date and time), or empty. */
  public static Optional<LocalDateTime> zoneless(String value) {
    if (!ZONELESS.matcher(value).matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDateTime.parse(value.replace('t', 'T')));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
