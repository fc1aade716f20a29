package org.kith.core.schema;

import java.util.Map;

/**
 * Who writes the objects of a schema: the one place that says so. A schema whose top-level keyword
 * {@code x-kith-writer} is {@code "system"} holds what only Kith records (verification records, liveness results,
 * document-reading models): a person may not create or replace such objects through the profile-object routes;
 * Kith's own paths (e.g. {@code POST /v1/verify/records}) and platform administrators may.
 */
public final class SchemaWriters {
  /** The schema keyword. */
  public static final String KEYWORD = "x-kith-writer";
  /** Only Kith (and administrators) write objects of the schema. */
  public static final String SYSTEM = "system";
  /** Any person may write objects of the schema (the default). */
  public static final String PERSON = "person";

  private SchemaWriters() {}

  /** {@code system} or {@code person}. */
  public static String writer(Map<String, Object> schema) {
    return SYSTEM.equals(schema.get(KEYWORD)) ? SYSTEM : PERSON;
  }

  /** Whether only Kith writes objects of the schema. */
  public static boolean systemOnly(Map<String, Object> schema) {
    return SYSTEM.equals(writer(schema));
  }
}
