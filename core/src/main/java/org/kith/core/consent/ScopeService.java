package org.kith.core.consent;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.kith.core.FieldError;
import org.kith.core.Rejected;
import org.kith.core.audit.AdminEvent;
import org.kith.core.audit.AuditEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Scopes per resource server: anyone signed in reads them; platform admins define them, audited on the resource
 * server's trail ({@code scopes_define}). Thread-safe.
 */
public final class ScopeService {
  /** Port: where resource servers live. */
  public interface Store {
    /** Creates or replaces the resource server; the audit events in the same transaction. */
    Mono<ResourceServer> save(ResourceServer server, List<AuditEvent> audit);

    Flux<ResourceServer> all();
  }

  private final Store store;
  private final Clock clock;

  public ScopeService(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  public Flux<ResourceServer> resourceServers() {
    return store.all();
  }

  /** {@code uId} defines the scopes; {@code platformAdmin} whether it may. */
  public Mono<ResourceServer> define(
      String uId,
      boolean platformAdmin,
      @Nullable String identifier,
      @Nullable String name,
      @Nullable List<Map<String, Object>> scopes) {
    if (!platformAdmin) {
      return Mono.error(Rejected.forbidden("only platform admins define scopes"));
    }
    List<FieldError> errors = new ArrayList<>();
    if (identifier == null || identifier.isBlank() || identifier.length() > 200) {
      errors.add(
          new FieldError("resource_server", "name the resource server (1 to 200 characters)"));
    }
    List<Map<String, Object>> list = scopes == null ? List.of() : scopes;
    if (list.size() > 500) {
      errors.add(new FieldError("scopes", "at most 500 scopes"));
    }
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i).get("value") instanceof String v)
          || v.isBlank()
          || v.length() > 200
          || v.chars().anyMatch(Character::isWhitespace)) {
        errors.add(new FieldError(
            "scopes/" + i + "/value", "a scope value without spaces (1 to 200 characters)"));
      }
    }
    if (!errors.isEmpty()) {
      return Mono.error(Rejected.invalid("the scopes are not valid", errors));
    }
    List<String> values =
        list.stream().map(scope -> (String) scope.get("value")).toList();
    return store.save(
        new ResourceServer(identifier, name == null ? identifier : name, list),
        List.of(AuditEvent.of(
            AdminEvent.resourceServerSubject(identifier),
            uId,
            clock.instant(),
            new AdminEvent.ScopesDefined(identifier, values))));
  }
}
