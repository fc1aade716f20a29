package org.kith.core.profile;

import java.util.List;
import java.util.Map;
import org.kith.core.audit.AuditEvent;
import reactor.core.publisher.Mono;

/** Port: each user's own preferences object. */
public interface PreferencesStore {
  /** The user's preferences; an empty object if never set. */
  Mono<Map<String, Object>> get(String uId);

  /** Replaces the user's preferences, with {@code audit} in the same transaction. */
  Mono<Void> put(String uId, Map<String, Object> preferences, List<AuditEvent> audit);
}
