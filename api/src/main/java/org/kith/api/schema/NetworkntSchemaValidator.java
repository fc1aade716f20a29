package org.kith.api.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.InputStreamSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.kith.core.FieldError;
import org.kith.core.schema.SchemaRefs;
import org.kith.core.schema.SchemaValidator;
import org.kith.core.schema.StoredSchema;

/**
 * {@link SchemaValidator} with networknt json-schema-validator. Drafts 2020-12 (default) and 07, chosen by
 * {@code $schema}. The only schema loader answers Kith's own URIs from the schemas handed in; the
 * meta-schemas come from the library's classpath; every other URI fails, so validation never touches the
 * network. Compiled schemas are cached per version and referenced versions. Thread-safe.
 */
public final class NetworkntSchemaValidator implements SchemaValidator {
  static final String DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";
  static final String DRAFT_07 = "http://json-schema.org/draft-07/schema";
  private static final int CACHE_LIMIT = 512;
  private final ObjectMapper json;
  private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
      .pathType(PathType.JSON_POINTER)
      .regularExpressionFactory(BoundedRegex.INSTANCE)
      // ajv-errors style messages: {"errorMessage": {"pattern": "Enter ..."}} on a property, and
      // {"errorMessage": {"required": {"name": "Enter ..."}}} beside "required", replace the
      // library's words
      .errorMessageKeyword("errorMessage")
      .build();
  private final Map<String, JsonSchema> cache = new ConcurrentHashMap<>();

  public NetworkntSchemaValidator(ObjectMapper json) {
    this.json = json;
  }

  static Optional<SpecVersion.VersionFlag> draft(Map<String, Object> schema) {
    Object declared = schema.get("$schema");
    if (declared == null) {
      return Optional.of(SpecVersion.VersionFlag.V202012);
    }
    String s = String.valueOf(declared).replaceAll("#$", "");
    if (s.equals(DRAFT_2020_12)) {
      return Optional.of(SpecVersion.VersionFlag.V202012);
    }
    if (s.equals(DRAFT_07) || s.equals("https://json-schema.org/draft-07/schema")) {
      return Optional.of(SpecVersion.VersionFlag.V7);
    }
    return Optional.empty();
  }

  /** For checking a schema's structure: Kith references resolve to the always-valid schema {@code true}. */
  private static final byte[] ANY = "true".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  private JsonSchemaFactory factory(SpecVersion.VersionFlag draft, Map<String, byte[]> documents) {
    return factory(draft, documents, false);
  }

  /** Draft-07 with {@link ZonelessDateTime} for {@code date-time}. */
  private static final com.networknt.schema.JsonMetaSchema DRAFT_07_META =
      com.networknt.schema.JsonMetaSchema.builder(com.networknt.schema.JsonMetaSchema.getV7())
          .format(new ZonelessDateTime())
          .build();

  private JsonSchemaFactory factory(
      SpecVersion.VersionFlag draft, Map<String, byte[]> documents, boolean anyKith) {
    return JsonSchemaFactory.getInstance(
        draft,
        builder -> builder
            .metaSchema(DRAFT_07_META)
            .schemaLoaders(loaders -> loaders.add(iri -> {
              String uri = iri.toString();
              if (uri.startsWith("classpath:")) {
                return null;
              }
              byte[] doc = anyKith && uri.startsWith(SchemaRefs.BASE)
                  ? ANY
                  : documents.get(uri.replaceAll("#.*$", ""));
              if (doc != null) {
                return () -> new ByteArrayInputStream(doc);
              }
              return (InputStreamSource) () -> {
                throw new IOException(
                    "schema " + uri + " is not a Kith schema; remote schemas are never fetched");
              };
            })));
  }

  @Override
  public List<FieldError> checkSchema(Map<String, Object> schema) {
    Optional<SpecVersion.VersionFlag> draft = draft(schema);
    if (draft.isEmpty()) {
      return List.of(new FieldError("/$schema", "use JSON Schema draft 2020-12 or draft-07"));
    }
    String meta = draft.get() == SpecVersion.VersionFlag.V7 ? DRAFT_07 : DRAFT_2020_12;
    try {
      JsonSchema metaSchema =
          factory(draft.get(), Map.of()).getSchema(SchemaLocation.of(meta), config);
      List<FieldError> errors = errors(metaSchema.validate(json.valueToTree(schema)));
      if (!errors.isEmpty()) {
        return errors;
      }
      JsonSchema compiled = factory(draft.get(), Map.of(), true)
          .getSchema(withId(schema, SchemaRefs.BASE + "check"), config);
      compiled.initializeValidators();
      return List.of();
    } catch (RuntimeException e) {
      return List.of(new FieldError("", "the schema cannot be compiled: " + safe(e)));
    }
  }

  @Override
  public List<FieldError> validate(
      StoredSchema schema, Map<String, Map<String, Object>> referenced, Object document) {
    String key = schema.name().full() + "@" + schema.version()
        + referenced.keySet().stream().sorted().toList()
        + referenced.values().stream().mapToInt(Object::hashCode).sum();
    try {
      JsonSchema compiled = cache.get(key);
      if (compiled == null) {
        compiled = compile(schema, referenced);
        if (cache.size() > CACHE_LIMIT) {
          cache.clear();
        }
        cache.put(key, compiled);
      }
      return errors(compiled.validate(json.valueToTree(document)));
    } catch (RuntimeException e) {
      // a schema that passed the check but cannot be applied (a reference that resolves nowhere):
      // the document
      // cannot be shown valid, so it is refused, never a 500
      return List.of(new FieldError("", "the schema cannot be applied: " + safe(e)));
    }
  }

  private JsonSchema compile(StoredSchema schema, Map<String, Map<String, Object>> referenced) {
    SpecVersion.VersionFlag draft = draft(schema.schema()).orElse(SpecVersion.VersionFlag.V202012);
    Map<String, byte[]> documents = new ConcurrentHashMap<>();
    referenced.forEach((name, s) ->
        documents.put(SchemaRefs.BASE + name, bytes(withId(s, SchemaRefs.BASE + name))));
    String uri = SchemaRefs.uri(schema.name());
    documents.put(uri, bytes(withId(schema.schema(), uri)));
    JsonSchema compiled = factory(draft, documents).getSchema(SchemaLocation.of(uri), config);
    compiled.initializeValidators();
    return compiled;
  }

  /** The schema with {@code id} as its {@code $id}, unless it declares its own (which then is its base URI). */
  private JsonNode withId(Map<String, Object> schema, String id) {
    ObjectNode node = json.valueToTree(schema);
    if (!node.hasNonNull("$id") && !node.hasNonNull("id")) {
      node.put("$id", id);
    }
    return node;
  }

  private byte[] bytes(JsonNode node) {
    try {
      return json.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static List<FieldError> errors(java.util.Set<ValidationMessage> messages) {
    List<FieldError> out = new ArrayList<>();
    for (ValidationMessage m : messages) {
      String path = m.getInstanceLocation().toString();
      if ("required".equals(m.getType()) && m.getProperty() != null) {
        path = path + "/" + m.getProperty();
      }
      String text = m.getMessage();
      int colon = text.indexOf(": ");
      out.add(new FieldError(
          path,
          colon >= 0 && text.startsWith(m.getInstanceLocation().toString())
              ? text.substring(colon + 2)
              : text));
    }
    out.sort(Comparator.comparing(FieldError::path).thenComparing(FieldError::message));
    return out;
  }

  private static String safe(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.length() > 200 ? message.substring(0, 200) : message;
  }
}
