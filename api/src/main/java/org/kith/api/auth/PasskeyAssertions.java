package org.kith.api.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.AttestedCredentialDataConverter;
import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.AuthenticatorTransport;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import com.webauthn4j.data.client.CollectedClientData;
import com.webauthn4j.server.ServerProperty;
import com.webauthn4j.verifier.exception.MaliciousCounterValueException;
import com.webauthn4j.verifier.exception.VerificationException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.kith.core.ProblemKind;
import org.kith.core.Rejected;
import org.kith.core.account.AuthenticationMethods;
import org.kith.core.account.PasskeyLoginGuard;
import org.kith.core.account.PasskeyStore;
import org.kith.core.account.PasskeyStore.Passkey;
import reactor.core.publisher.Mono;

/**
 * The check of a passkey assertion ({@code AuthenticationResponseJSON}) for a login: its single-use challenge, the
 * credential (and the holder its user handle names), the signature against the stored key, origin and rp id, and a
 * signature counter that must go up (else a cloned authenticator). Failures are throttled and audited by the
 * {@link PasskeyLoginGuard}, on the credential holder's trail when known. Thread-safe.
 */
final class PasskeyAssertions {
  static final String CLONED =
      "the passkey's signature counter did not go up: it may have been cloned";
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  private final PasskeyStore store;
  private final WebAuthnManager manager;
  private final AttestedCredentialDataConverter attested;
  private final ObjectMapper json;
  private final Function<byte[], ServerProperty> property;
  private final UnaryOperator<String> hashOf;
  private final Clock clock;
  private final PasskeyLoginGuard guard;

  /** A verified assertion: the passkey and the methods it proved (RFC 8176). */
  record Verified(Passkey key, List<String> amr) {}

  PasskeyAssertions(
      PasskeyStore store,
      WebAuthnManager manager,
      AttestedCredentialDataConverter attested,
      ObjectMapper json,
      Function<byte[], ServerProperty> property,
      UnaryOperator<String> hashOf,
      PasskeyLoginGuard guard,
      Clock clock) {
    this.guard = guard;
    this.store = store;
    this.manager = manager;
    this.attested = attested;
    this.json = json;
    this.property = property;
    this.hashOf = hashOf;
    this.clock = clock;
  }

  /** Verifies an assertion; of {@code owner}'s passkeys only, when given (a second factor). */
  Mono<Verified> verify(Map<String, Object> credential, String client, @Nullable String owner) {
    return Mono.defer(() -> {
      AuthenticationData data;
      try {
        data = manager.parseAuthenticationResponseJSON(json.writeValueAsString(credential));
      } catch (JsonProcessingException | RuntimeException e) {
        // webauthn4j's parser fails with DataConversionException, and with NullPointerException on
        // missing members
        return Mono.error(Rejected.invalid("credential", "not a WebAuthn authentication response"));
      }
      byte[] challenge = challengeOf(data.getCollectedClientData(), "credential");
      Instant now = clock.instant();
      String id = B64URL.encodeToString(data.getCredentialId());
      // the holder of the credential once known (the account of the login when a second factor)
      AtomicReference<@Nullable String> holder = new AtomicReference<>(owner);
      return guard
          .check(client, owner)
          .flatMap(counting -> store
              .takeChallenge(hashOf.apply(B64URL.encodeToString(challenge)), now)
              .filter(c -> PasskeyCeremonies.AUTHENTICATION.equals(c.purpose()))
              .switchIfEmpty(refused(Failure.CHALLENGE))
              .then(store.find(id))
              .switchIfEmpty(refused(Failure.UNKNOWN))
              .flatMap(key -> {
                if (owner != null && !owner.equals(key.uId())) {
                  return refused(Failure.FOREIGN);
                }
                holder.set(key.uId());
                return (owner == null ? guard.check(client, key.uId()) : Mono.just(counting))
                    .flatMap(clear -> handleChecked(data, key, owner, challenge, now)
                        .flatMap(v -> guard.succeeded(client, key.uId(), clear).thenReturn(v)));
              }))
          .onErrorResume(
              Rejected.class,
              e -> Failure.of(e)
                  .map(f ->
                      guard.failed(client, holder.get(), id, f.code).then(Mono.<Verified>error(e)))
                  .orElseGet(() -> Mono.error(e)));
    });
  }

  /** The user handle, if the assertion names one, must be the holder's; without one only for a second factor. */
  private Mono<Verified> handleChecked(
      AuthenticationData data, Passkey key, @Nullable String owner, byte[] challenge, Instant now) {
    byte[] userHandle = data.getUserHandle();
    if (userHandle == null) {
      // a second factor may be asked for by credential id (allowCredentials), without a handle
      return owner == null ? refused(Failure.NO_HANDLE) : verified(data, key, challenge, now);
    }
    return store
        .ownerOfHandle(B64URL.encodeToString(userHandle))
        .filter(key.uId()::equals)
        .switchIfEmpty(refused(Failure.HANDLE))
        .flatMap(o -> verified(data, key, challenge, now));
  }

  /** Why an assertion was refused: the audited code and the answer's detail (401). */
  private enum Failure {
    CHALLENGE(
        "invalid_challenge", "the challenge is unknown, used or expired; ask for new options"),
    UNKNOWN("unknown_credential", "the passkey is not known"),
    FOREIGN("foreign_credential", "the passkey is not one of this account's"),
    NO_HANDLE("user_handle_mismatch", "the assertion names no user handle"),
    HANDLE("user_handle_mismatch", "the passkey does not belong to the user handle"),
    INVALID("invalid_assertion", "the passkey assertion does not verify"),
    COUNTER("counter_regression", CLONED);

    final String code;
    final String detail;

    Failure(String code, String detail) {
      this.code = code;
      this.detail = detail;
    }

    static Optional<Failure> of(Rejected e) {
      return Arrays.stream(values())
          .filter(f -> e.kind() == ProblemKind.UNAUTHENTICATED && f.detail.equals(e.getMessage()))
          .findFirst();
    }
  }

  private static <T> Mono<T> refused(Failure f) {
    return Mono.error(() -> Rejected.unauthenticated(f.detail));
  }

  private Mono<Verified> verified(
      AuthenticationData data, Passkey key, byte[] challenge, Instant now) {
    CredentialRecordImpl record = new CredentialRecordImpl(
        new NoneAttestationStatement(),
        key.uvInitialized(),
        key.backupEligible(),
        key.backupState(),
        key.signCount(),
        attested.convert(key.attestedCredentialData()),
        null,
        null,
        null,
        key.transports().stream()
            .map(AuthenticatorTransport::create)
            .collect(Collectors.toCollection(HashSet::new)));
    try {
      manager.verify(
          data, new AuthenticationParameters(property.apply(challenge), record, null, false, true));
    } catch (MaliciousCounterValueException e) {
      return refused(Failure.COUNTER);
    } catch (VerificationException e) {
      return refused(Failure.INVALID);
    }
    AuthenticatorData<?> authData = data.getAuthenticatorData();
    if (authData == null) {
      return refused(Failure.INVALID);
    }
    List<String> amr = AuthenticationMethods.passkey(key.backupEligible(), authData.isFlagUV());
    return store
        .recordUse(key.credentialId(), authData.getSignCount(), now)
        .flatMap(counted -> counted ? Mono.just(new Verified(key, amr)) : refused(Failure.COUNTER));
  }

  private static byte[] challengeOf(@Nullable CollectedClientData client, String field) {
    if (client == null || client.getChallenge() == null) {
      throw Rejected.invalid(field, "the response holds no client data");
    }
    return client.getChallenge().getValue();
  }
}
