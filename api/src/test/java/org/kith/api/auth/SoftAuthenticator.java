package org.kith.api.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.webauthn4j.converter.AttestationObjectConverter;
import com.webauthn4j.converter.AuthenticatorDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.attestation.AttestationObject;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.authenticator.EC2COSEKey;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import com.webauthn4j.data.extension.authenticator.AuthenticationExtensionAuthenticatorOutput;
import com.webauthn4j.data.extension.authenticator.RegistrationExtensionAuthenticatorOutput;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A software WebAuthn authenticator for unit tests: one ES256 discoverable credential, "none" attestation,
 * written independently of the code under test from the WebAuthn data layouts (webauthn4j only encodes CBOR).
 */
final class SoftAuthenticator {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final ObjectConverter CONVERTER = new ObjectConverter();
  private static final ObjectMapper JSON = new ObjectMapper();
  static final byte UP = 0x01;
  static final byte UV = 0x04;
  static final byte AT = 0x40;

  final KeyPair keys;
  final byte[] credentialId = new byte[16];
  long counter;

  SoftAuthenticator() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      keys = g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    new java.security.SecureRandom().nextBytes(credentialId);
  }

  String id() {
    return B64.encodeToString(credentialId);
  }

  /** A {@code RegistrationResponseJSON} for the challenge at the origin, for the rp id. */
  Map<String, Object> create(String challenge, String origin, String rpId) {
    AttestedCredentialData acd = new AttestedCredentialData(
        AAGUID.ZERO,
        credentialId,
        EC2COSEKey.create((ECPublicKey) keys.getPublic(), COSEAlgorithmIdentifier.ES256));
    AuthenticatorData<RegistrationExtensionAuthenticatorOutput> data = new AuthenticatorData<>(
        sha256(rpId.getBytes(StandardCharsets.UTF_8)), (byte) (UP | UV | AT), counter, acd);
    byte[] attestation = new AttestationObjectConverter(CONVERTER)
        .convertToBytes(new AttestationObject(data, new NoneAttestationStatement()));
    Map<String, Object> response = new LinkedHashMap<>();
    response.put(
        "clientDataJSON", B64.encodeToString(clientData("webauthn.create", challenge, origin)));
    response.put("attestationObject", B64.encodeToString(attestation));
    response.put("transports", List.of("internal"));
    return credential(response);
  }

  /** An {@code AuthenticationResponseJSON}: the counter goes up by one first, as a real authenticator's does. */
  Map<String, Object> get(String challenge, String origin, String rpId, byte[] userHandle) {
    counter++;
    AuthenticatorData<AuthenticationExtensionAuthenticatorOutput> data = new AuthenticatorData<>(
        sha256(rpId.getBytes(StandardCharsets.UTF_8)), (byte) (UP | UV), counter);
    byte[] authData = new AuthenticatorDataConverter(CONVERTER).convert(data);
    byte[] client = clientData("webauthn.get", challenge, origin);
    byte[] signed = new byte[authData.length + 32];
    System.arraycopy(authData, 0, signed, 0, authData.length);
    System.arraycopy(sha256(client), 0, signed, authData.length, 32);
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("clientDataJSON", B64.encodeToString(client));
    response.put("authenticatorData", B64.encodeToString(authData));
    response.put("signature", B64.encodeToString(sign(signed)));
    response.put("userHandle", B64.encodeToString(userHandle));
    return credential(response);
  }

  private Map<String, Object> credential(Map<String, Object> response) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("id", id());
    c.put("rawId", id());
    c.put("type", "public-key");
    c.put("response", response);
    c.put("clientExtensionResults", Map.of());
    return c;
  }

  private static byte[] clientData(String type, String challenge, String origin) {
    try {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("type", type);
      c.put("challenge", challenge);
      c.put("origin", origin);
      c.put("crossOrigin", false);
      return JSON.writeValueAsBytes(c);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private byte[] sign(byte[] data) {
    try {
      Signature s = Signature.getInstance("SHA256withECDSA");
      s.initSign(keys.getPrivate());
      s.update(data);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
