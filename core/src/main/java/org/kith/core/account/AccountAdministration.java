package org.kith.core.account;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.kith.core.audit.AuditEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Port: what platform admins do to accounts. */
public interface AccountAdministration {
  /**
   * Disables the account and revokes all its sessions, or enables it; true if the account exists (then the audit
   * events are written in the same transaction).
   */
  Mono<Boolean> setDisabled(String uId, boolean disabled, List<AuditEvent> audit);

  /** Accounts whose username starts with {@code prefix}, by username, after {@code after} if given. */
  Flux<Account> search(String prefix, @Nullable String after, int limit);
}
