package org.kith.core.consent;

import java.util.List;
import java.util.Map;

/** An API whose scopes applications may ask for: {@code scopes} as {@code [{value, description}]}. */
public record ResourceServer(String identifier, String name, List<Map<String, Object>> scopes) {
  public ResourceServer {
    scopes = List.copyOf(scopes);
  }
}
