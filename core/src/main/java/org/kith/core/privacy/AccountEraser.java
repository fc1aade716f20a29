package org.kith.core.privacy;

import java.util.List;
import org.kith.core.audit.AuditEvent;
import reactor.core.publisher.Mono;

/** Port: erases an account from the graph in one transaction. */
public interface AccountEraser {
  /**
   * Deletes the account and everything that is only its: the profile objects it alone owns (with every grant
   * and relationship on them), its shares (instances) and their outbox, credentials, sessions, personal access
   * tokens, codes, keys, OpenID grants and sessions, and its own audit trail, which is replaced by the
   * {@code tombstone} alone. Completes with the SHA-256 of the documents the erased objects held, or empty if there
   * is no such account.
   */
  Mono<List<String>> erase(String uId, AuditEvent tombstone);
}
