package org.kith.core.profile;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.kith.core.ProblemKind;
import org.kith.core.Rejected;
import org.kith.core.account.Principal;
import org.kith.core.audit.AuditEvent;
import org.kith.core.audit.ProfileEvent;
import reactor.core.publisher.Mono;

/** Each person's own preferences: one free-form JSON object of at most 64 KiB, replaced whole, each change audited. */
public final class PreferencesService {
  /** The largest preferences object, as JSON bytes. */
  public static final int MAX_BYTES = 64 * 1024;

  private final PreferencesStore store;
  private final Clock clock;

  public PreferencesService(PreferencesStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** The caller's preferences; an empty object if never set. */
  public Mono<Map<String, Object>> get(Principal caller) {
    return store.get(caller.uId());
  }

  /**
   * Replaces the caller's preferences with {@code preferences} ({@code jsonBytes} long as sent), audited on the
   * caller's trail by the number of keys (never the values); more than {@link #MAX_BYTES} is refused unchanged.
   */
  public Mono<Map<String, Object>> replace(
      Principal caller, Map<String, Object> preferences, int jsonBytes) {
    if (jsonBytes > MAX_BYTES) {
      return Mono.error(
          Rejected.of(ProblemKind.PAYLOAD_TOO_LARGE, "preferences may have at most 64 KiB"));
    }
    return store
        .put(
            caller.uId(),
            preferences,
            List.of(AuditEvent.of(
                caller.uId(),
                caller.uId(),
                clock.instant(),
                new ProfileEvent.PreferencesReplaced(preferences.size()))))
        .thenReturn(preferences);
  }
}
