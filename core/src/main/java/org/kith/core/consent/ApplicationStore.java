package org.kith.core.consent;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.kith.core.audit.AuditEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Port: access applications and who administers them. */
public interface ApplicationStore {
  Mono<AccessApplication> create(AccessApplication app, @Nullable String secretHash, String webhookSecret,
      List<AuditEvent> audit);

  /** The key the application's webhooks are signed with (a signing key, so kept, not hashed). */
  Mono<String> webhookSecret(String aId);

  Mono<AccessApplication> find(String aId);

  /** The application with this key and its secret's hash (empty hash if it has no secret). */
  Mono<Credentials> findByKey(String key);

  /** An application found by key, with the hash to check a presented secret against. */
  record Credentials(AccessApplication app, String secretHash) {}

  Flux<AccessApplication> administeredBy(String uId);

  Mono<Boolean> isAdmin(String aId, String uId);

  Mono<AccessApplication> update(AccessApplication app, List<AuditEvent> audit);

  Mono<Void> delete(String aId, List<AuditEvent> audit);
}
