package org.kith.core.account;

import java.time.Instant;
import java.util.List;
import org.kith.core.audit.AuditEvent;
import reactor.core.publisher.Mono;

/** Port: persistent accounts. Every method is non-blocking; empty means "no such account". */
public interface AccountStore {
  /** A new account to create, password already hashed. */
  record NewAccount(String uId, String username, String passwordHash, Instant createdAt) {}

  /** The groups and organisations an account belongs to. */
  record Memberships(List<String> groups, List<String> organizations) {}

  /** Creates the account, with the audit events in the same transaction; 409 if the username is taken. */
  Mono<Account> create(NewAccount account, List<AuditEvent> audit);

  Mono<Account> findByUsername(String username);

  Mono<Account> findById(String uId);

  /** The stored password hash of an account. */
  Mono<String> passwordHash(String uId);

  /** An account with its password hash, null if it has none (a login's one read). */
  record Credentials(
      Account account, @org.jspecify.annotations.Nullable String passwordHash) {}

  /** The account named {@code username} (canonical) with its password hash; empty if there is none. */
  default Mono<Credentials> findCredentials(String username) {
    return findByUsername(username)
        .flatMap(a -> passwordHash(a.uId())
            .map(h -> new Credentials(a, h))
            .defaultIfEmpty(new Credentials(a, null)));
  }

  /** Marks the account verified; the audit events in the same transaction. */
  Mono<Void> markVerified(String uId, List<AuditEvent> audit);

  /** Replaces the password hash and lifts a pending reset; the audit events in the same transaction. */
  Mono<Void> setPassword(String uId, String passwordHash, List<AuditEvent> audit);

  /**
   * Blocks password logins of the account named {@code username} until its reset is confirmed or cancelled,
   * in one write whether or not the account exists, with the audit events in the same transaction; completes
   * with the account, or empty if there is none.
   */
  Mono<Account> startReset(String username, List<AuditEvent> audit);

  /**
   * Lifts a pending reset without changing the password (the owner said "I did not ask for this"); the audit
   * events in the same transaction.
   */
  Mono<Void> cancelReset(String uId, List<AuditEvent> audit);

  Mono<Memberships> memberships(String uId);
}
