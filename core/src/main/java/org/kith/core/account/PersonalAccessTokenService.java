package org.kith.core.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.kith.core.Ids;
import org.kith.core.Rejected;
import org.kith.core.account.PersonalAccessTokenStore.PersonalAccessToken;
import org.kith.core.audit.AccountEvent;
import org.kith.core.audit.AuditEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Long-lived, scoped tokens for scripts. The token reads {@code kith_pat_<id>.<secret>}: the id finds the
 * record, the 256-bit secret is kept only as a keyed hash and shown once. Thread-safe.
 */
public final class PersonalAccessTokenService {
  /** Every personal access token starts with this, so it is recognisable (and scannable) in leaks. */
  public static final String PREFIX = "kith_pat_";

  static final Duration MAX_LIFETIME = Duration.ofDays(366);
  static final int MAX_TOKENS_PER_USER = 50;

  private final PersonalAccessTokenStore store;
  private final AccountStore accounts;
  private final SecretHasher secrets;
  private final AccountSettings settings;
  private final Clock clock;

  public PersonalAccessTokenService(
      PersonalAccessTokenStore store,
      AccountStore accounts,
      SecretHasher secrets,
      AccountSettings settings,
      Clock clock) {
    this.store = store;
    this.accounts = accounts;
    this.secrets = secrets;
    this.settings = settings;
    this.clock = clock;
  }

  /** A created token with its secret, which is never shown again. */
  public record Created(PersonalAccessToken token, String secret) {}

  /**
   * Creates a token for the caller.
   *
   * @param scopes wire names among {@code read}, {@code write}
   * @param expiresInDays lifetime in days, 1 to 366; absent means 90
   */
  public Mono<Created> create(
      Principal caller, String name, Set<String> scopes, @Nullable Integer expiresInDays) {
    return Mono.defer(() -> {
      AccountService.requireAccountScope(caller);
      String trimmed = name.strip();
      if (trimmed.isEmpty() || trimmed.length() > 100) {
        return Mono.error(Rejected.invalid("name", "name must have 1 to 100 characters"));
      }
      EnumSet<Scope> parsed = EnumSet.noneOf(Scope.class);
      for (String s : scopes) {
        Scope scope = Scope.fromWire(s)
            .filter(x -> x != Scope.ACCOUNT)
            .orElseThrow(() ->
                Rejected.invalid("scopes", "unknown scope '" + s + "'; allowed: read, write"));
        parsed.add(scope);
      }
      if (parsed.isEmpty()) {
        return Mono.error(
            Rejected.invalid("scopes", "at least one scope is required: read, write"));
      }
      int days = expiresInDays == null ? 90 : expiresInDays;
      if (days < 1 || days > MAX_LIFETIME.toDays()) {
        return Mono.error(Rejected.invalid("expires_in_days", "expires_in_days must be 1 to 366"));
      }
      Instant now = clock.instant();
      String id = Ids.randomToken(12);
      String secret = Ids.secret256();
      PersonalAccessToken token = new PersonalAccessToken(
          id, caller.uId(), trimmed, parsed, now, now.plus(Duration.ofDays(days)));
      return store
          .list(caller.uId())
          .count()
          .flatMap(n -> n >= MAX_TOKENS_PER_USER
              ? Mono.error(Rejected.conflict(
                  "at most " + MAX_TOKENS_PER_USER + " personal access tokens per user"))
              : store
                  .create(
                      token,
                      secrets.hash(secret),
                      List.of(AuditEvent.of(
                          caller.uId(),
                          caller.uId(),
                          now,
                          new AccountEvent.PersonalAccessTokenCreated(
                              id,
                              trimmed,
                              parsed.stream().map(Scope::wireName).sorted().toList(),
                              token.expiresAt().toString()))))
                  .map(t -> new Created(t, PREFIX + id + "." + secret)));
    });
  }

  public Flux<PersonalAccessToken> list(Principal caller) {
    return Flux.defer(() -> {
      AccountService.requireAccountScope(caller);
      return store.list(caller.uId());
    });
  }

  /** One of the caller's tokens; 404 for anyone else's. */
  public Mono<PersonalAccessToken> get(Principal caller, String id) {
    return Mono.defer(() -> {
      AccountService.requireAccountScope(caller);
      return store
          .get(caller.uId(), id)
          .switchIfEmpty(Mono.error(() -> Rejected.notFound("no such personal access token")));
    });
  }

  public Mono<Void> delete(Principal caller, String id) {
    return Mono.defer(() -> {
      AccountService.requireAccountScope(caller);
      return store
          .delete(
              caller.uId(),
              id,
              List.of(AuditEvent.of(
                  caller.uId(),
                  caller.uId(),
                  clock.instant(),
                  new AccountEvent.PersonalAccessTokenDeleted(id))))
          .flatMap(deleted -> deleted
              ? Mono.<Void>empty()
              : Mono.error(Rejected.notFound("no such personal access token")));
    });
  }

  Mono<Principal> authenticate(String bearer) {
    String rest = bearer.substring(PREFIX.length());
    int dot = rest.indexOf('.');
    if (dot <= 0 || dot == rest.length() - 1) {
      return Mono.error(Rejected.unauthenticated("malformed personal access token"));
    }
    String id = rest.substring(0, dot);
    String secret = rest.substring(dot + 1);
    return store
        .authenticate(id, secrets.hash(secret), clock.instant())
        .flatMap(pat -> accounts
            .findById(pat.uId())
            .filter(a -> !a.disabled() && a.verified())
            .map(a -> new Principal(
                a.uId(),
                a.username(),
                settings.rolesOf(a.username()),
                pat.scopes(),
                null,
                Principal.Credential.PERSONAL_ACCESS_TOKEN)))
        .switchIfEmpty(
            Mono.error(() -> Rejected.unauthenticated("the personal access token is not valid")));
  }
}
