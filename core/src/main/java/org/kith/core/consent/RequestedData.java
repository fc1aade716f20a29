package org.kith.core.consent;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What data an application asks for, as schemas: the one mapping from scopes to schemas that the Kith consent link,
 * the sharing check and the OpenID Provider's consent page and userinfo use. A scope may name a schema
 * ({@code ss_NZ_Person}); the OpenID scopes profile, email, phone and address map to the schemas that carry those
 * claims; any other scope ({@code kyc}) names no data.
 */
public final class RequestedData {
  /** The person's details: {@code ss_NZ_Person}. */
  public static final String PERSON = "ss_NZ_Person";
  /** A postal address: {@code ss_ContactLocation}. */
  public static final String LOCATION = "ss_ContactLocation";

  /** The OpenID Connect scopes that ask for data, and the schema that carries their claims. */
  public static final Map<String, String> OPENID_SCOPES =
      Map.of("profile", PERSON, "email", PERSON, "phone", PERSON, "address", LOCATION);

  /** Schemas only Kith writes or that describe Kith's own machinery: never offered for sharing. */
  private static final List<String> NOT_OFFERED =
      List.of("ss_Verification", "ss_Live_Person", "ss_Clarity");

  private static final Pattern SCHEMA = Pattern.compile("(ss|us|ps)_[A-Za-z0-9_.-]{1,200}");

  private RequestedData() {}

  /** The schemas whose objects answer these scopes (empty: the scopes name no data). */
  public static Set<String> schemasFor(Collection<String> scopes) {
    Set<String> schemas = new TreeSet<>();
    for (String scope : scopes) {
      String openid = OPENID_SCOPES.get(scope);
      if (openid != null) {
        schemas.add(openid);
      } else if (SCHEMA.matcher(scope).matches()) {
        schemas.add(scope);
      }
    }
    return schemas;
  }

  /** Whether an object of this schema may be offered on a consent page at all. */
  public static boolean offerable(String schema) {
    return NOT_OFFERED.stream().noneMatch(schema::startsWith);
  }
}
