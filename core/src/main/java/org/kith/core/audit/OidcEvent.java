package org.kith.core.audit;

import java.util.List;

/**
 * Events of Kith as an OpenID Provider. The person's answers are on the person's trail; token issue and revocation
 * on the trail of the grant ({@code grantId}), the tokens named only by it, never by their value.
 */
public sealed interface OidcEvent extends AuditDetails {
  /** The person allowed the application's request; {@code iId} is the consent instance it made. */
  record Allowed(String aId, String iId, List<String> scopes) implements OidcEvent {}

  /** The person denied the application's request. */
  record Denied(String aId) implements OidcEvent {}

  /** A code was exchanged for tokens: the grant starts. */
  record TokensIssued(String aId, String iId, String grantType) implements OidcEvent {}

  /**
   * The grant ended: {@code reason} is {@code code_reuse}, {@code refresh_token_reuse} or {@code revocation}
   * (RFC 7009).
   */
  record GrantRevoked(String aId, String reason) implements OidcEvent {}

  /**
   * A resource server ({@code resourceServer}, its a_id) introspected a live token of the grant (RFC 7662) and
   * learned its subject and scopes; {@code aId} is the client the token was issued to. On the grant's trail.
   */
  record Introspected(String aId, String resourceServer) implements OidcEvent {}

  /**
   * A client assertion ({@code private_key_jwt}) of the application came back after it had been accepted once: it
   * was refused. On the application's trail.
   */
  record ClientAssertionReplayed(String aId) implements OidcEvent {}

  /**
   * The relying party asked Kith to end the person's session (OpenID Connect RP-Initiated Logout) and it ended;
   * {@code how} is {@code same_session} (the ID token was issued in it) or {@code confirmed} (the person said so).
   */
  record LoggedOut(String aId, String how) implements OidcEvent {}

  /**
   * A back-channel logout token was queued for the application; {@code reason} is {@code session_end} or
   * {@code withdrawal}.
   */
  record BackChannelLogoutQueued(String aId, String reason) implements OidcEvent {}
}
