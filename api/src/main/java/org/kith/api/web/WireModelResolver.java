package org.kith.api.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.oas.models.media.Schema;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads the schemas of request and response records with the application's own mapper (so property names are the
 * ones its naming strategy puts on the wire), and takes their nullness from the one place the code states it: a
 * record component typed {@code @Nullable} (JSpecify) may be null, every other one is required. A nullable
 * component that the record omits when null ({@code @JsonInclude(NON_NULL)}) is optional instead: it is absent,
 * never null, on the wire. A component of type {@code Object} holds any JSON value.
 */
final class WireModelResolver extends ModelResolver {
  WireModelResolver(ObjectMapper mapper) {
    super(mapper);
  }

  @Override
  @SuppressWarnings("rawtypes") // the overridden method's signature is raw
  public @Nullable Schema resolve(
      AnnotatedType annotatedType, ModelConverterContext context, Iterator<ModelConverter> next) {
    Schema<?> resolved = super.resolve(annotatedType, context, next);
    if (resolved == null || annotatedType.getType() == null) {
      return resolved;
    }
    JavaType type = _mapper.constructType(annotatedType.getType());
    if (!type.getRawClass().isRecord()) {
      return resolved;
    }
    Schema<?> model = resolved;
    if (resolved.get$ref() != null) {
      String ref = resolved.get$ref();
      model = context.getDefinedModels().get(ref.substring(ref.lastIndexOf('/') + 1));
    }
    if (model != null && model.getProperties() != null) {
      describeNullness(type, model);
    }
    return resolved;
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  private void describeNullness(JavaType type, Schema<?> model) {
    SerializationConfig config = _mapper.getSerializationConfig();
    BeanDescription bean = config.introspect(type);
    JsonInclude.Value byDefault =
        bean.findPropertyInclusion(config.getDefaultPropertyInclusion(type.getRawClass()));
    Set<String> required =
        new LinkedHashSet<>(model.getRequired() == null ? List.of() : model.getRequired());
    Map<String, Schema> properties = (Map) model.getProperties();
    for (BeanPropertyDefinition property : bean.findProperties()) {
      Schema<?> schema = properties.get(property.getName());
      RecordComponent component = component(type.getRawClass(), property.getInternalName());
      if (schema == null || component == null) {
        continue;
      }
      if (component.getType() == Object.class) {
        // any JSON value, null included (the model resolver would say "an object")
        properties.put(property.getName(), new Schema<>().description(schema.getDescription()));
        required.remove(property.getName());
        continue;
      }
      if (!component.getAnnotatedType().isAnnotationPresent(Nullable.class)) {
        required.add(property.getName());
        continue;
      }
      required.remove(property.getName());
      JsonInclude.Include inclusion =
          byDefault.withOverrides(property.findInclusion()).getValueInclusion();
      if (inclusion == JsonInclude.Include.ALWAYS
          || inclusion == JsonInclude.Include.USE_DEFAULTS) {
        properties.put(property.getName(), nullable(schema));
      }
    }
    model.setRequired(required.isEmpty() ? null : new ArrayList<>(required));
  }

  private static @Nullable RecordComponent component(Class<?> record, String name) {
    for (RecordComponent c : record.getRecordComponents()) {
      if (c.getName().equals(name)) {
        return c;
      }
    }
    return null;
  }

  /** The schema that also admits null: OpenAPI 3.0's {@code nullable} and 3.1's {@code "null"} type. */
  private static Schema<?> nullable(Schema<?> schema) {
    if (schema.get$ref() != null) {
      Schema<?> either = new Schema<>();
      either.setAnyOf(new ArrayList<>(List.of(new Schema<>().$ref(schema.get$ref()), nullType())));
      either.setDescription(schema.getDescription());
      return either;
    }
    schema.setNullable(true);
    if (schema.getTypes() != null && !schema.getTypes().isEmpty()) {
      schema.addType("null");
    }
    return schema;
  }

  private static Schema<?> nullType() {
    Schema<?> none = new Schema<>();
    none.addType("null");
    none.setType("null");
    return none;
  }
}
