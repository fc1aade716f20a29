package org.kith.core.consent;

import java.util.List;
import org.kith.core.audit.AuditEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Port: application public keys and the wrapped private-key copies held for users. */
public interface AppKeyStore {
  /** Adds a key; it becomes the default if asked or if the application has none. Empty if the app is gone. */
  Mono<AppPublicKey> add(AppPublicKey key, boolean makeDefault, List<AuditEvent> audit);

  Mono<AppPublicKey> find(String nId);

  Mono<AppPublicKey> defaultOf(String aId);

  /** The application's keys, newest first (bounded). */
  Flux<AppPublicKey> of(String aId);

  /** Stores or replaces a user's copy. Empty if the user or key does not exist. */
  Mono<WrappedKey> putWrapped(WrappedKey key, List<AuditEvent> audit);

  Mono<WrappedKey> wrappedFor(String pkId, String uId);

  /** Users holding a copy (bounded). */
  Flux<String> holders(String pkId);
}
