package org.kith.api.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.AttestedCredentialDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.AuthenticatorTransport;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.client.CollectedClientData;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;
import com.webauthn4j.verifier.exception.VerificationException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.kith.core.Rejected;
import org.kith.core.account.AuthenticationMethods;
import org.kith.core.account.MfaChallenges;
import org.kith.core.account.PasskeyLoginGuard;
import org.kith.core.account.PasskeyStore;
import org.kith.core.account.PasskeyStore.Passkey;
import org.kith.core.account.SecretHasher;
import org.kith.core.account.SessionService;
import org.kith.core.account.TokenGrant;
import org.kith.core.audit.AccountEvent;
import org.kith.core.audit.AuditEvent;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The WebAuthn ceremonies (with webauthn4j): options with single-use challenges (kept as keyed hashes for the
 * relying party's {@code challengeTtl}), registration of a passkey for a signed-in account, and passwordless
 * login with a discoverable credential. Origins and the rp id are checked exactly; a signature counter that does
 * not go up (a cloned authenticator) is refused. Attestation is not required ({@code none}): a passkey proves
 * possession of its key, not its maker.
 */
@Component
public final class PasskeyCeremonies {
  static final String REGISTRATION = "registration";
  static final String AUTHENTICATION = "authentication";
  private static final String CHALLENGE_KEY = "webauthn-challenge:";
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
  /** ES256, EdDSA, RS256: what authenticators make, in the order we prefer. */
  static final List<Long> ALGORITHMS = List.of(-7L, -8L, -257L);

  private static final List<PublicKeyCredentialParameters> PARAMS = List.of(
      new PublicKeyCredentialParameters(
          PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.ES256),
      new PublicKeyCredentialParameters(
          PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.EdDSA),
      new PublicKeyCredentialParameters(
          PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.RS256));

  private final PasskeyStore store;
  private final SecretHasher secrets;
  private final BiFunction<String, List<String>, Mono<TokenGrant>> grant;
  private final PendingLogins logins;
  private final RelyingParty rp;
  private final Clock clock;
  private final ObjectConverter converter = new ObjectConverter();
  private final WebAuthnManager manager = WebAuthnManager.createNonStrictWebAuthnManager(converter);
  private final AttestedCredentialDataConverter attested =
      new AttestedCredentialDataConverter(converter);
  private final ObjectMapper json = new ObjectMapper();
  private final SecureRandom random = new SecureRandom();
  private final PasskeyAssertions assertions;

  @Autowired
  PasskeyCeremonies(
      PasskeyStore store,
      SecretHasher secrets,
      SessionService sessions,
      MfaChallenges challenges,
      PasskeyLoginGuard guard,
      RelyingParty rp,
      Clock clock) {
    this(
        store,
        secrets,
        sessions::passkeyGrant,
        guard,
        new PendingLogins() {
          @Override
          public Mono<String> pending(String mfaToken, String client) {
            return challenges.pending(mfaToken, client);
          }

          @Override
          public Mono<Void> take(String mfaToken) {
            return challenges.take(mfaToken);
          }
        },
        rp,
        clock);
  }

  /**
   * {@code grant} starts a session for an account with the given RFC 8176 methods; {@code logins} are the password
   * logins waiting for a second factor.
   */
  PasskeyCeremonies(
      PasskeyStore store,
      SecretHasher secrets,
      BiFunction<String, List<String>, Mono<TokenGrant>> grant,
      PasskeyLoginGuard guard,
      PendingLogins logins,
      RelyingParty rp,
      Clock clock) {
    this.store = store;
    this.secrets = secrets;
    this.grant = grant;
    this.logins = logins;
    this.rp = rp;
    this.clock = clock;
    this.assertions = new PasskeyAssertions(
        store, manager, attested, json, this::property, this::hashOf, guard, clock);
  }

  /** The password logins waiting for their second factor ({@link MfaChallenges}). */
  interface PendingLogins {
    /** The account of a live {@code mfa_token} of a login from {@code client}; else 401. */
    Mono<String> pending(String mfaToken, String client);

    /** Uses the {@code mfa_token} up; 401 if it was used meanwhile. */
    Mono<Void> take(String mfaToken);
  }

  /** What registration options need besides the challenge. */
  record Registration(
      String challenge, String userHandle, List<String> excludeCredentialIds, RelyingParty rp) {}

  /** Starts a registration for the caller: a fresh challenge, the account's user handle, its passkeys. */
  Mono<Registration> registrationOptions(String uId) {
    String challenge = newChallenge();
    return store
        .userHandle(uId, B64URL.encodeToString(randomBytes(32)))
        .switchIfEmpty(Mono.error(() -> Rejected.unauthenticated("the account no longer exists")))
        .flatMap(handle -> store
            .saveChallenge(hashOf(challenge), REGISTRATION, uId, expiry())
            .then(store.list(uId).map(Passkey::credentialId).collectList())
            .map(ids -> new Registration(challenge, handle, ids, rp)));
  }

  /** Starts a passwordless login: a fresh challenge, no allowed credentials (a discoverable one answers). */
  Mono<String> authenticationOptions() {
    String challenge = newChallenge();
    return store
        .saveChallenge(hashOf(challenge), AUTHENTICATION, null, expiry())
        .thenReturn(challenge);
  }

  /** Verifies a registration response ({@code RegistrationResponseJSON}) for the caller and stores it. */
  Mono<Passkey> register(String uId, Map<String, Object> credential, String name) {
    return Mono.defer(() -> {
      RegistrationData data;
      try {
        data = manager.parseRegistrationResponseJSON(json.writeValueAsString(credential));
      } catch (JsonProcessingException | RuntimeException e) {
        // webauthn4j's parser fails with DataConversionException, and with NullPointerException on
        // missing members
        return Mono.error(Rejected.invalid("credential", "not a WebAuthn registration response"));
      }
      byte[] challenge = challengeOf(data.getCollectedClientData(), "credential");
      Instant now = clock.instant();
      return store
          .takeChallenge(hashOf(B64URL.encodeToString(challenge)), now)
          .filter(c -> REGISTRATION.equals(c.purpose()) && uId.equals(c.uId()))
          .switchIfEmpty(Mono.error(() -> Rejected.invalid(
              "credential", "the challenge is unknown, used or expired; ask for new options")))
          .flatMap(c -> {
            try {
              manager.verify(
                  data, new RegistrationParameters(property(challenge), PARAMS, false, true));
            } catch (VerificationException e) {
              return Mono.error(Rejected.invalid("credential", "the registration does not verify"));
            }
            AuthenticatorData<?> authData = data.getAttestationObject().getAuthenticatorData();
            AttestedCredentialData acd = authData.getAttestedCredentialData();
            if (acd == null) {
              return Mono.error(
                  Rejected.invalid("credential", "no credential in the registration"));
            }
            List<String> transports = data.getTransports() == null
                ? List.of()
                : data.getTransports().stream()
                    .map(AuthenticatorTransport::getValue)
                    .sorted()
                    .toList();
            String id = B64URL.encodeToString(acd.getCredentialId());
            Passkey key = new Passkey(
                id,
                uId,
                name,
                attested.convert(acd),
                authData.getSignCount(),
                transports,
                authData.isFlagUV(),
                authData.isFlagBE(),
                authData.isFlagBS(),
                now,
                null);
            return store.add(
                key,
                List.of(
                    AuditEvent.of(uId, uId, now, new AccountEvent.PasskeyRegistered(id, name))));
          });
    });
  }

  /**
   * {@code grant_type=webauthn} without an {@code mfa_token}: verifies an assertion ({@code
   * AuthenticationResponseJSON}) of a discoverable credential against the challenge it signed, and starts a session
   * for the credential's holder.
   */
  Mono<TokenGrant> login(Map<String, Object> credential, String client) {
    return assertions
        .verify(credential, client, null)
        .flatMap(v -> grant.apply(v.key().uId(), v.amr()));
  }

  /**
   * {@code grant_type=webauthn} with an {@code mfa_token}: a passkey as the second factor of a password login. The
   * assertion's credential must be one of the account's that gave the right password; the token is used up only
   * then. {@code amr}: {@code pwd}, the passkey's methods and {@code mfa}.
   */
  Mono<TokenGrant> secondFactor(String mfaToken, Map<String, Object> credential, String client) {
    return logins
        .pending(mfaToken, client)
        .flatMap(uId -> assertions
            .verify(credential, client, uId)
            .flatMap(v -> logins
                .take(mfaToken)
                .then(Mono.defer(
                    () -> grant.apply(uId, AuthenticationMethods.afterPassword(v.amr()))))));
  }

  String rpId() {
    return rp.id();
  }

  Mono<List<Passkey>> list(String uId) {
    return store.list(uId).collectList();
  }

  Mono<Passkey> rename(String uId, String credentialId, String name) {
    return store
        .rename(
            uId,
            credentialId,
            name,
            List.of(AuditEvent.of(
                uId, uId, clock.instant(), new AccountEvent.PasskeyRenamed(credentialId, name))))
        .switchIfEmpty(Mono.error(() -> Rejected.notFound("no such passkey")));
  }

  Mono<Void> delete(String uId, String credentialId) {
    return store
        .delete(
            uId,
            credentialId,
            List.of(AuditEvent.of(
                uId, uId, clock.instant(), new AccountEvent.PasskeyDeleted(credentialId))))
        .flatMap(
            found -> found ? Mono.<Void>empty() : Mono.error(Rejected.notFound("no such passkey")));
  }

  private ServerProperty property(byte[] challenge) {
    Set<Origin> origins = rp.origins().stream().map(Origin::create).collect(Collectors.toSet());
    return ServerProperty.builder()
        .origins(origins)
        .rpId(rp.id())
        .challenge(new DefaultChallenge(challenge))
        .build();
  }

  private static byte[] challengeOf(@Nullable CollectedClientData client, String field) {
    if (client == null || client.getChallenge() == null) {
      throw Rejected.invalid(field, "the response holds no client data");
    }
    return client.getChallenge().getValue();
  }

  private String newChallenge() {
    return B64URL.encodeToString(randomBytes(32));
  }

  private String hashOf(String challenge) {
    return secrets.hash(CHALLENGE_KEY + challenge);
  }

  private Instant expiry() {
    return clock.instant().plus(rp.challengeTtl());
  }

  private byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }
}
