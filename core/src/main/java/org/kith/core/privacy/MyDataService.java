package org.kith.core.privacy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.kith.core.Rejected;
import org.kith.core.account.AccountService;
import org.kith.core.account.AccountSettings;
import org.kith.core.account.AccountStore;
import org.kith.core.account.LoginThrottle;
import org.kith.core.account.PasswordHasher;
import org.kith.core.account.PersonalAccessTokenService;
import org.kith.core.account.PersonalAccessTokenStore.PersonalAccessToken;
import org.kith.core.account.Principal;
import org.kith.core.account.Scope;
import org.kith.core.account.SessionRegistry;
import org.kith.core.audit.AccountEvent;
import org.kith.core.audit.AuditEvent;
import org.kith.core.audit.AuditTrail;
import org.kith.core.audit.RecordedEvent;
import org.kith.core.authz.Permission;
import org.kith.core.consent.ConsentService;
import org.kith.core.consent.Instance;
import org.kith.core.consent.InstanceStore;
import org.kith.core.profile.BlobStore;
import org.kith.core.profile.ProfileObject;
import org.kith.core.profile.ProfileObjectStore;
import org.kith.core.profile.ProfileService;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The person's data. Export: everything Kith holds about the caller, read with the caller's own rights (the
 * account, the profile objects they own with their documents' metadata, their shares, sessions, personal access
 * tokens, their own short links and their account's audit trail), bounded. Erasure, with the password: see {@link AccountEraser}; then
 * the erased objects' documents are deleted from the blob store at once unless another object holds the same
 * bytes. Both need a credential with the {@code account} scope; both are audited on the account's trail (the
 * erasure as the tombstone that alone remains of it).
 */
public final class MyDataService {
  public static final int MAX_OBJECTS = 10_000;
  public static final int MAX_AUDIT = 1_000;

  /** A person holds at most 1,000 links of their own, so the export carries all of them. */
  public static final int MAX_LINKS = 1_000;

  private static final int PAGE = 500;

  private final AccountService accounts;
  private final AccountStore accountStore;
  private final PasswordHasher passwords;
  private final ProfileService profiles;
  private final ProfileObjectStore objects;
  private final BlobStore blobs;
  private final ConsentService consent;
  private final SessionRegistry sessions;
  private final PersonalAccessTokenService pats;
  private final AuditTrail audit;
  private final AccountEraser eraser;
  private final LoginThrottle throttle;
  private final AccountSettings settings;
  private final org.kith.core.org.OrganisationStore links;
  private final Clock clock;

  /** What the service needs, named. */
  public record Parts(
      AccountService accounts,
      AccountStore accountStore,
      PasswordHasher passwords,
      ProfileService profiles,
      ProfileObjectStore objects,
      BlobStore blobs,
      ConsentService consent,
      SessionRegistry sessions,
      PersonalAccessTokenService pats,
      AuditTrail audit,
      AccountEraser eraser,
      LoginThrottle throttle,
      AccountSettings settings,
      org.kith.core.org.OrganisationStore links) {}

  public MyDataService(Parts p, Clock clock) {
    this.accounts = p.accounts();
    this.accountStore = p.accountStore();
    this.passwords = p.passwords();
    this.profiles = p.profiles();
    this.objects = p.objects();
    this.blobs = p.blobs();
    this.consent = p.consent();
    this.sessions = p.sessions();
    this.pats = p.pats();
    this.audit = p.audit();
    this.eraser = p.eraser();
    this.throttle = p.throttle();
    this.settings = p.settings();
    this.links = p.links();
    this.clock = clock;
  }

  /** Everything held about the caller. */
  public record Export(
      Instant exportedAt,
      AccountService.Me account,
      List<ProfileObject> profileObjects,
      List<Instance> shares,
      List<SessionRegistry.Session> sessions,
      List<PersonalAccessToken> personalAccessTokens,
      List<org.kith.core.org.ShortLink> shortLinks,
      List<RecordedEvent> audit) {}

  public Mono<Export> export(Principal caller) {
    return Mono.defer(() -> {
      requireAccount(caller);
      String uId = caller.uId();
      Instant now = clock.instant();
      return audit
          .append(List.of(AuditEvent.of(uId, uId, now, new AccountEvent.DataExported())))
          .then(Mono.zip(
              accounts.me(caller),
              owned(uId).collectList(),
              consent
                  .shared(
                      uId, new InstanceStore.Filter(null, null, null), ConsentService.MAX_LISTED)
                  .collectList(),
              sessions.live(uId, now, 1_000).collectList(),
              pats.list(caller).collectList(),
              links.personalLinks(uId, MAX_LINKS).collectList(),
              audit.events(uId, MAX_AUDIT).collectList()))
          .map(t -> new Export(
              now, t.getT1(), t.getT2(), t.getT3(), t.getT4(), t.getT5(), t.getT6(), t.getT7()));
    });
  }

  /** The profile objects the account owns, page by page, at most {@link #MAX_OBJECTS}. */
  private Flux<ProfileObject> owned(String uId) {
    return page(uId, null)
        .expand(p -> p.nextCursor() == null ? Mono.empty() : page(uId, p.nextCursor()))
        .flatMapIterable(ProfileService.Page::objects)
        .map(ProfileObjectStore.VisibleObject::object)
        .take(MAX_OBJECTS);
  }

  private Mono<ProfileService.Page> page(String uId, @Nullable String cursor) {
    return profiles.read(
        uId,
        new ProfileObjectStore.VisibleQuery(
            List.of(), List.of(), List.of(Permission.IS_OWNER), cursor, PAGE));
  }

  /**
   * Erases the caller's account without asking for the password: the caller has just proven it is them by a
   * recent login (step-up, checked by the caller of this method). See {@link #erase(Principal, String)}.
   */
  public Mono<Void> erase(Principal caller) {
    return Mono.defer(() -> {
      requireAccount(caller);
      String uId = caller.uId();
      return erased(eraser.erase(
          uId, AuditEvent.of(uId, null, clock.instant(), new AccountEvent.AccountErased())));
    });
  }

  /**
   * Erases the caller's account after checking the password: see {@link AccountEraser}. The username may be
   * registered again at once.
   */
  public Mono<Void> erase(Principal caller, String password) {
    return Mono.defer(() -> {
      requireAccount(caller);
      String uId = caller.uId();
      // wrong passwords slow down like failed logins, so a stolen token cannot be used to guess the
      // password
      String key = "erase:" + uId;
      Instant now = clock.instant();
      Mono<List<String>> erasure = throttle
          .status(List.of(key), now)
          .flatMap(status -> {
            Duration wait = LoginThrottle.Status.longestBlock(status);
            return wait.isZero()
                ? Mono.just(true)
                : Mono.error(
                    Rejected.tooManyRequests("too many wrong passwords; try again later", wait));
          })
          .then(accountStore.passwordHash(uId).flatMap(hash -> passwords.verify(password, hash)))
          .defaultIfEmpty(false)
          .flatMap(ok -> ok
              ? eraser.erase(uId, AuditEvent.of(uId, null, now, new AccountEvent.AccountErased()))
              : throttle
                  .recordBackoff(key, settings.login().perClient(), now)
                  .then(Mono.error(Rejected.invalid("password", "the password is wrong"))));
      return erased(erasure);
    });
  }

  /** After the graph's erasure, the blobs of its documents that no other object refers to. */
  private Mono<Void> erased(Mono<List<String>> erasure) {
    return erasure
        .flatMapMany(Flux::fromIterable)
        .distinct()
        .concatMap(sha -> objects
            .documentReferences(sha)
            .flatMap(n -> n == 0 ? blobs.erase(sha) : Mono.<Void>empty()))
        .then();
  }

  private static void requireAccount(Principal caller) {
    if (!caller.allows(Scope.ACCOUNT)) {
      throw Rejected.forbidden("this credential may not manage the account");
    }
  }
}
