package org.kith.core.profile;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A profile object to create: schema full name, extra labels, properties and an optional document. */
public record NewProfileObject(
    String schema,
    List<String> labels,
    Map<String, Object> properties,
    @Nullable Document document) {
  /** Document bytes and media type. */
  public record Document(byte[] content, String contentType) {}
}
