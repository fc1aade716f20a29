package org.kith.core.account;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.kith.core.audit.AuditEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Port: personal access tokens; the secret is kept only as a keyed hash. */
public interface PersonalAccessTokenStore {
  /** A token's public description (never its secret). */
  record PersonalAccessToken(
      String id,
      String uId,
      String name,
      Set<Scope> scopes,
      Instant createdAt,
      @Nullable Instant expiresAt) {
    public PersonalAccessToken {
      scopes = Set.copyOf(scopes);
    }
  }

  /** Creates the token; the audit events in the same transaction. */
  Mono<PersonalAccessToken> create(
      PersonalAccessToken token, String secretHash, List<AuditEvent> audit);

  Flux<PersonalAccessToken> list(String uId);

  Mono<PersonalAccessToken> get(String uId, String id);

  /** True if the token existed and was deleted (and then the audit events are written in the same transaction). */
  Mono<Boolean> delete(String uId, String id, List<AuditEvent> audit);

  /** Deletes every token of the account (a confirmed password reset ends them all). */
  Mono<Void> deleteAll(String uId);

  /** The live token whose id and secret hash match, if its owner is active and it has not expired. */
  Mono<PersonalAccessToken> authenticate(String id, String secretHash, Instant now);
}
