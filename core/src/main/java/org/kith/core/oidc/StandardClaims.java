package org.kith.core.oidc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kith.core.consent.RequestedData;
import org.kith.core.profile.ProfileObject;

/**
 * OpenID Connect's standard claims (Core §5.1) mapped from the profile objects a person shared, as data: which
 * scope asks for which claim, from which schema's property. Only objects the person shared under the grant are
 * read, and only claims of the granted scopes are returned.
 */
public final class StandardClaims {
  /** The person's details: {@code ss_NZ_Person}. */
  public static final String PERSON = RequestedData.PERSON;
  /** A postal address: {@code ss_ContactLocation}. */
  public static final String LOCATION = RequestedData.LOCATION;

  /** One claim: the scope that asks for it, the schema and property it is read from. */
  record Source(String claim, String scope, String schema, String property) {}

  static final List<Source> SOURCES = List.of(
      new Source("given_name", "profile", PERSON, "given_names"),
      new Source("middle_name", "profile", PERSON, "middle_names"),
      new Source("family_name", "profile", PERSON, "family_name"),
      new Source("nickname", "profile", PERSON, "preferred_name"),
      new Source("gender", "profile", PERSON, "gender"),
      new Source("birthdate", "profile", PERSON, "date_of_birth"),
      new Source("email", "email", PERSON, "email"),
      new Source("phone_number", "phone", PERSON, "phone"));

  /** Every claim userinfo can return, for discovery's {@code claims_supported}. */
  public static final List<String> CLAIMS = java.util.stream.Stream.concat(
          java.util.stream.Stream.of("sub"),
          java.util.stream.Stream.concat(
              SOURCES.stream().map(Source::claim), java.util.stream.Stream.of("address")))
      .toList();

  /** The scopes Kith grants and what each is for, in plain words (the consent page shows them). */
  public static final Map<String, String> SCOPES = scopes();

  private static Map<String, String> scopes() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("openid", "know it is you (a private identifier for this application only)");
    m.put("profile", "your name, gender and date of birth");
    m.put("email", "your email address");
    m.put("phone", "your phone number");
    m.put("address", "your postal address");
    return java.util.Collections.unmodifiableMap(m);
  }

  private StandardClaims() {}

  /**
   * The schemas whose objects can answer these scopes (the consent page offers the person's objects of them): the
   * one mapping of {@link RequestedData}, which every claim source agrees with.
   */
  public static Set<String> schemasFor(Set<String> scopes) {
    return RequestedData.schemasFor(scopes);
  }

  /**
   * The claims of the granted scopes, from the shared objects: the first object of a schema that has the property
   * answers; {@code address} is the first shared location as a Core §5.1.1 address object.
   */
  public static Map<String, Object> of(Set<String> scopes, List<ProfileObject> shared) {
    Map<String, Object> claims = new LinkedHashMap<>();
    for (Source s : SOURCES) {
      if (!scopes.contains(s.scope()) || claims.containsKey(s.claim())) {
        continue;
      }
      shared.stream()
          .filter(o -> s.schema().equals(o.schema()))
          .map(o -> o.properties().get(s.property()))
          .filter(v -> v instanceof String text && !text.isBlank())
          .findFirst()
          .ifPresent(v -> claims.put(s.claim(), v));
    }
    if (scopes.contains("address")) {
      shared.stream()
          .filter(o -> LOCATION.equals(o.schema()))
          .findFirst()
          .ifPresent(o -> claims.put("address", address(o.properties())));
    }
    return claims;
  }

  private static Map<String, Object> address(Map<String, Object> p) {
    Map<String, Object> a = new LinkedHashMap<>();
    String street = String.join(
        "\n",
        java.util.stream.Stream.of(p.get("street1"), p.get("street2"))
            .filter(v -> v instanceof String text && !text.isBlank())
            .map(String::valueOf)
            .toList());
    if (!street.isEmpty()) {
      a.put("street_address", street);
    }
    putText(a, "locality", p.get("city"));
    putText(a, "region", p.get("region"));
    putText(a, "postal_code", p.get("postcode"));
    putText(a, "country", p.get("country"));
    List<Object> lines = new java.util.ArrayList<>(List.of(street));
    List.of("city", "region", "postcode", "country").forEach(k -> {
      if (p.get(k) instanceof String text && !text.isBlank()) {
        lines.add(text);
      }
    });
    a.put(
        "formatted",
        String.join(
            "\n", lines.stream().map(String::valueOf).filter(l -> !l.isEmpty()).toList()));
    return a;
  }

  private static void putText(Map<String, Object> into, String key, Object value) {
    if (value instanceof String text && !text.isBlank()) {
      into.put(key, text);
    }
  }
}
