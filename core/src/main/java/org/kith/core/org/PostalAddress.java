package org.kith.core.org;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.kith.core.Rejected;

/**
 * An organisation's postal address, shaped as the Raytio reference shapes it: {@code street1}, {@code street2},
 * {@code city}, {@code region} (a region or postcode) and {@code country}, an ISO 3166-1 alpha-2 code ({@code NZ}).
 * Every part is optional, but an address has at least one.
 */
public record PostalAddress(
    @Nullable String street1,
    @Nullable String street2,
    @Nullable String city,
    @Nullable String region,
    @Nullable String country) {
  /** The longest a part may be. */
  public static final int MAX_LENGTH = 200;

  private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

  /**
   * The address with its parts trimmed (blank parts absent) and the country code upper-cased.
   *
   * @throws Rejected (400) naming the part ({@code address.country}, …) that is too long or not a country code, or
   *     {@code address} when no part is given
   */
  public PostalAddress normalised() {
    PostalAddress a = new PostalAddress(
        part("street1", street1),
        part("street2", street2),
        part("city", city),
        part("region", region),
        country == null || country.isBlank() ? null : country.strip().toUpperCase(Locale.ROOT));
    if (a.country() != null && !COUNTRIES.contains(a.country())) {
      throw Rejected.invalid(
          "address.country", "country is an ISO 3166-1 alpha-2 code, such as NZ or AU");
    }
    if (a.asMap().isEmpty()) {
      throw Rejected.invalid(
          "address", "an address has at least one of street1, street2, city, region, country");
    }
    return a;
  }

  /** The parts that are present, in the reference's order. */
  public Map<String, String> asMap() {
    Map<String, String> m = new LinkedHashMap<>();
    put(m, "street1", street1);
    put(m, "street2", street2);
    put(m, "city", city);
    put(m, "region", region);
    put(m, "country", country);
    return m;
  }

  /** The address stored as {@link #asMap}. */
  public static PostalAddress of(Map<String, ?> parts) {
    return new PostalAddress(
        text(parts.get("street1")),
        text(parts.get("street2")),
        text(parts.get("city")),
        text(parts.get("region")),
        text(parts.get("country")));
  }

  private static @Nullable String part(String name, @Nullable String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.strip();
    if (v.length() > MAX_LENGTH) {
      throw Rejected.invalid("address." + name, name + " is at most " + MAX_LENGTH + " characters");
    }
    return v;
  }

  private static void put(Map<String, String> m, String name, @Nullable String value) {
    if (value != null) {
      m.put(name, value);
    }
  }

  private static @Nullable String text(@Nullable Object value) {
    return value == null ? null : value.toString();
  }
}
