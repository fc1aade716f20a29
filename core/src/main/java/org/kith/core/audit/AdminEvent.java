package org.kith.core.audit;

import java.util.List;

/**
 * Events of the platform's shared configuration, each on the trail of the thing changed: a schema
 * ({@link #schemaSubject}) or a resource server ({@link #resourceServerSubject}).
 */
public sealed interface AdminEvent extends AuditDetails {
  /** The trail of a schema's versions, by its full name ({@code ss_Person}). */
  static String schemaSubject(String fullName) {
    return "schema:" + fullName;
  }

  /** The trail of a resource server's scopes, by its identifier. */
  static String resourceServerSubject(String identifier) {
    return "resource-server:" + identifier;
  }

  /** Version {@code version} of the schema {@code name} was stored and is now current (no actor: Kith's own). */
  record SchemaVersionAdded(String name, int version) implements AdminEvent {}

  /** A platform admin defined the resource server's scopes: their values, which replace the earlier ones. */
  record ScopesDefined(String resourceServer, List<String> scopes) implements AdminEvent {}

  /**
   * A platform admin disabled the account (the subject, its {@code u_id}): its tokens are refused, its sessions
   * ended and its logins refused. {@code reason} is what the admin wrote.
   */
  record AccountDisabled(String reason) implements AdminEvent {}

  /** A platform admin enabled the disabled account again (its ended sessions stay ended). */
  record AccountEnabled() implements AdminEvent {}
}
