package org.kith.core.account;

import java.time.Clock;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.kith.core.Rejected;
import org.kith.core.audit.AdminEvent;
import org.kith.core.audit.AuditEvent;
import reactor.core.publisher.Mono;

/**
 * Platform admins ({@code kith.admin.usernames}) disable and enable accounts and search them by username prefix.
 * A disabled account's tokens (session tokens and personal access tokens) are refused at once, its sessions end,
 * refresh is refused and a login with the right password gets a 403 {@code account-disabled} problem. Each change
 * is audited on the account's trail with the admin as the actor.
 */
public final class AdminUserService {
  public static final int MAX_PAGE = 100;
  public static final int MAX_REASON = 500;

  private final AccountAdministration store;
  private final Clock clock;

  public AdminUserService(AccountAdministration store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** One page of a search: the accounts, and the {@code after} of the next page if there may be one. */
  public record Page(List<Account> users, @Nullable String next) {}

  public Mono<Void> disable(Principal caller, String uId, String reason) {
    return Mono.defer(() -> {
      requireAdmin(caller);
      if (uId.equals(caller.uId())) {
        return Mono.error(Rejected.invalid("u_id", "an admin cannot disable their own account"));
      }
      String why = reason.strip();
      if (why.isEmpty() || why.length() > MAX_REASON) {
        return Mono.error(
            Rejected.invalid("reason", "give a reason of 1 to " + MAX_REASON + " characters"));
      }
      return change(caller, uId, true, new AdminEvent.AccountDisabled(why));
    });
  }

  public Mono<Void> enable(Principal caller, String uId) {
    return Mono.defer(() -> {
      requireAdmin(caller);
      return change(caller, uId, false, new AdminEvent.AccountEnabled());
    });
  }

  private Mono<Void> change(Principal caller, String uId, boolean disabled, AdminEvent event) {
    return store
        .setDisabled(
            uId, disabled, List.of(AuditEvent.of(uId, caller.uId(), clock.instant(), event)))
        .flatMap(
            found -> found ? Mono.<Void>empty() : Mono.error(Rejected.notFound("no user " + uId)));
  }

  /** Accounts whose username starts with {@code q} (case-insensitive), by username. */
  public Mono<Page> search(Principal caller, String q, @Nullable String after, int limit) {
    return Mono.defer(() -> {
      requireAdmin(caller);
      String prefix = java.text.Normalizer.normalize(q.strip(), java.text.Normalizer.Form.NFKC)
          .toLowerCase(java.util.Locale.ROOT);
      if (prefix.isEmpty() || prefix.length() > 254) {
        return Mono.error(
            Rejected.invalid("q", "give the start of a username (1 to 254 characters)"));
      }
      if (limit < 1 || limit > MAX_PAGE) {
        return Mono.error(Rejected.invalid("limit", "limit must be 1 to " + MAX_PAGE));
      }
      return store
          .search(prefix, after, limit + 1)
          .collectList()
          .map(found -> found.size() > limit
              ? new Page(found.subList(0, limit), found.get(limit - 1).username())
              : new Page(found, null));
    });
  }

  private static void requireAdmin(Principal caller) {
    if (!caller.hasRole(AccountSettings.ROLE_ADMIN)) {
      throw Rejected.forbidden("only platform admins manage accounts");
    }
  }
}
