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
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.kith.core.Rejected;
import org.kith.core.account.AuthenticationMethods;
import org.kith.core.account.PasskeyStore;
import org.kith.core.account.PasskeyStore.Passkey;
import reactor.core.publisher.Mono;

/**
 * The check of a passkey assertion ({@code AuthenticationResponseJSON}) for a login: its single-use challenge, the
 * credential (and the holder its user handle names), the signature against the stored key, origin and rp id, and a
 * signature counter that must go up (else a cloned authenticator). Thread-safe.
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

  /** A verified assertion: the passkey and the methods it proved (RFC 8176). */
  record Verified(Passkey key, List<String> amr) {}

  PasskeyAssertions(
      PasskeyStore store,
      WebAuthnManager manager,
      AttestedCredentialDataConverter attested,
      ObjectMapper json,
      Function<byte[], ServerProperty> property,
      UnaryOperator<String> hashOf,
      Clock clock) {
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
      byte[] userHandle = data.getUserHandle();
      Instant now = clock.instant();
      String id = B64URL.encodeToString(data.getCredentialId());
      return store
          .takeChallenge(hashOf.apply(B64URL.encodeToString(challenge)), now)
          .filter(c -> PasskeyCeremonies.AUTHENTICATION.equals(c.purpose()))
          .switchIfEmpty(Mono.error(() -> Rejected.unauthenticated(
              "the challenge is unknown, used or expired; ask for new options")))
          .then(store.find(id))
          .filter(key -> owner == null || owner.equals(key.uId()))
          .switchIfEmpty(Mono.error(() -> Rejected.unauthenticated(
              owner == null
                  ? "the passkey is not known"
                  : "the passkey is not one of this account's")))
          .flatMap(key -> userHandle == null
              // a second factor may be asked for by credential id (allowCredentials), without a
              // handle
              ? owner == null
                  ? Mono.error(Rejected.unauthenticated("the assertion names no user handle"))
                  : verified(data, key, challenge, now)
              : store
                  .ownerOfHandle(B64URL.encodeToString(userHandle))
                  .filter(key.uId()::equals)
                  .switchIfEmpty(Mono.error(() ->
                      Rejected.unauthenticated("the passkey does not belong to the user handle")))
                  .flatMap(o -> verified(data, key, challenge, now)));
    });
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
      return Mono.error(Rejected.unauthenticated(CLONED));
    } catch (VerificationException e) {
      return Mono.error(Rejected.unauthenticated("the passkey assertion does not verify"));
    }
    AuthenticatorData<?> authData = data.getAuthenticatorData();
    if (authData == null) {
      return Mono.error(Rejected.unauthenticated("the passkey assertion does not verify"));
    }
    List<String> amr = AuthenticationMethods.passkey(key.backupEligible(), authData.isFlagUV());
    return store
        .recordUse(key.credentialId(), authData.getSignCount(), now)
        .flatMap(counted -> counted
            ? Mono.just(new Verified(key, amr))
            : Mono.error(Rejected.unauthenticated(CLONED)));
  }

  private static byte[] challengeOf(@Nullable CollectedClientData client, String field) {
    if (client == null || client.getChallenge() == null) {
      throw Rejected.invalid(field, "the response holds no client data");
    }
    return client.getChallenge().getValue();
  }
}
