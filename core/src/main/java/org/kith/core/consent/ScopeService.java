package org.kith.core.consent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.kith.core.FieldError;
import org.kith.core.Rejected;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Scopes per resource server: anyone signed in reads them; platform admins define them. Thread-safe. */
public final class ScopeService {
  /** Port: where resource servers live. */
  public interface Store {
    Mono<ResourceServer> save(ResourceServer server);

    Flux<ResourceServer> all();
  }

  private final Store store;

  public ScopeService(Store store) {
    this.store = store;
  }

  public Flux<ResourceServer> resourceServers() {
    return store.all();
  }

  public Mono<ResourceServer> define(boolean platformAdmin, @Nullable String identifier, @Nullable String name,
      @Nullable List<Map<String, Object>> scopes) {
    if (!platformAdmin) {
      return Mono.error(Rejected.forbidden("only platform admins define scopes"));
    }
    List<FieldError> errors = new ArrayList<>();
    if (identifier == null || identifier.isBlank() || identifier.length() > 200) {
      errors.add(new FieldError("resource_server", "name the resource server (1 to 200 characters)"));
    }
    List<Map<String, Object>> list = scopes == null ? List.of() : scopes;
    if (list.size() > 500) {
      errors.add(new FieldError("scopes", "at most 500 scopes"));
    }
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i).get("value") instanceof String v) || v.isBlank() || v.length() > 200
          || v.chars().anyMatch(Character::isWhitespace)) {
        errors.add(new FieldError("scopes/" + i + "/value", "a scope value without spaces (1 to 200 characters)"));
      }
    }
    if (!errors.isEmpty()) {
      return Mono.error(Rejected.invalid("the scopes are not valid", errors));
    }
    return store.save(new ResourceServer(identifier, name == null ? identifier : name, list));
  }
}
