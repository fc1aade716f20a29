package org.kith.api.auth;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.kith.core.account.Principal;
import org.kith.core.account.SessionManagementService;
import org.kith.core.account.SessionRegistry;
import org.kith.core.oidc.LogoutService;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** {@code /v1/auth/sessions}: the caller's sessions (refresh-token families), with sign-out of one or the others. */
@RestController
@RequestMapping(path = "/v1/auth/sessions", produces = "application/json")
@SecurityRequirement(name = "bearer")
final class SessionController {
  private final SessionManagementService sessions;
  private final LogoutService logout;

  private final SessionEndNotices notices;

  SessionController(
      SessionManagementService sessions, LogoutService logout, SessionEndNotices notices) {
    this.notices = notices;
    this.sessions = sessions;
    this.logout = logout;
  }

  /** One session; {@code ipPrefix} is the /24 (IPv4) or /48 (IPv6) it started from, never the address. */
  record SessionView(
      String id,
      @Nullable String userAgent,
      @Nullable String ipPrefix,
      Instant createdAt,
      Instant lastUsedAt,
      boolean current) {}

  record SessionListing(List<SessionView> sessions) {}

  record SessionsEnded(String message, long ended) {}

  @GetMapping
  @Operation(
      operationId = "authListSessions",
      summary = "The caller's live sessions, most recently used first")
  Mono<SessionListing> list(Principal caller) {
    return sessions.list(caller).map(s -> view(s, caller)).collectList().map(SessionListing::new);
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(
      operationId = "authEndSession",
      summary =
          "End one of the caller's sessions: its refresh tokens die and its access tokens are refused at once")
  Mono<Void> end(Principal caller, @PathVariable String id) {
    return sessions.end(caller, id).then(logout.sessionEnded(caller.uId(), id));
  }

  @DeleteMapping
  @Operation(
      operationId = "authEndOtherSessions",
      summary = "End every session of the caller but the current one")
  Mono<SessionsEnded> endOthers(Principal caller) {
    return notices.around(
        caller.uId(),
        caller.sessionId(),
        sessions.endOthers(caller).map(n -> new SessionsEnded("other sessions ended", n)));
  }

  private static SessionView view(SessionRegistry.Session s, Principal caller) {
    return new SessionView(
        s.id(),
        s.userAgent(),
        s.network(),
        s.createdAt(),
        s.lastUsedAt(),
        Objects.equals(s.id(), caller.sessionId()));
  }

  /** The network a request came from, for sessions: the IPv4 /24 or IPv6 /48, never the whole address. */
  static String prefix(ServerWebExchange exchange) {
    InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
    InetAddress address = remote == null ? null : remote.getAddress();
    if (address == null) {
      return "unknown";
    }
    boolean v6 = address instanceof Inet6Address;
    byte[] bytes = address.getAddress();
    int keep = v6 ? 6 : 3;
    Arrays.fill(bytes, keep, bytes.length, (byte) 0);
    try {
      return InetAddress.getByAddress(bytes).getHostAddress().replaceFirst("%.*$", "")
          + (v6 ? "/48" : "/24");
    } catch (UnknownHostException e) {
      throw new IllegalStateException("an address of " + bytes.length + " bytes", e);
    }
  }
}
