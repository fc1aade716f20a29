package org.kith.core.profile;

import java.util.Map;
import reactor.core.publisher.Mono;

/** Port: each user's own preferences object. */
public interface PreferencesStore {
  /** The user's preferences; an empty object if never set. */
  Mono<Map<String, Object>> get(String uId);

  Mono<Void> put(String uId, Map<String, Object> preferences);
}
