package org.kith.core.account;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.kith.core.audit.AuditEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Port: the person's view of their sessions (refresh-token families, see {@link SessionStore}): the device each
 * was started from, listing and ending them.
 */
public interface SessionRegistry {
  /** A live session: the device it was started from ({@code network} is an address prefix), when, last use. */
  record Session(
      String id,
      @Nullable String userAgent,
      @Nullable String network,
      Instant createdAt,
      Instant lastUsedAt) {}

  /** The session a login started, now described by its device; {@code newDevice} if the account never had it. */
  record Login(
      String uId, String username, String familyId, boolean newDevice, boolean firstLogin) {}

  /** The account's live sessions (not revoked, a refresh token not yet expired), most recently used first. */
  Flux<Session> live(String uId, Instant now, int limit);

  /**
   * Records the device of the session whose live refresh token has {@code tokenHash}; empty if there is none.
   */
  Mono<Login> describe(String tokenHash, String userAgent, String network);

  /** Revokes the account's session if it is live; true if one was (then the audit events are written with it). */
  Mono<Boolean> end(String uId, String familyId, List<AuditEvent> audit);

  /** Revokes every live session of the account but {@code keep}; the number ended (audited with it if any). */
  Mono<Long> endOthers(String uId, @Nullable String keep, List<AuditEvent> audit);
}
