package org.kith.core.audit;

/** Events of signed verification records and of the platform's signing keys. */
public sealed interface VerificationEvent extends AuditDetails {
  /** The subject whose trail holds the signing-key events: the key ring is the platform's, not one user's. */
  String SIGNING_KEYS = "signing-keys";

  /** The caller had data signed; the SHA-256 of its canonical JSON names it. */
  record RecordSigned(String sha256) implements VerificationEvent {}

  /** A check of field values against the object (by an unauthenticated relying party): how many, how many held. */
  record FieldsChecked(int values, long matched) implements VerificationEvent {}

  /** An admin rotated the signing key: {@code kid} now signs, the previous key is retired. */
  record SigningKeyRotated(String kid) implements VerificationEvent {}

  /**
   * The caller had a signed record issued as an SD-JWT: the record's SHA-256 names it, with how many fields can be
   * disclosed and whether the SD-JWT is bound to a holder key.
   */
  record SdJwtIssued(String sha256, int disclosures, boolean holderBound)
      implements VerificationEvent {}

  /** An admin removed the retired signing key {@code kid}. */
  record SigningKeyRemoved(String kid) implements VerificationEvent {}

  /** A one-time code was sent to the object's phone number through the named provider. */
  record PhoneCodeSent(String provider) implements VerificationEvent {}

  /** A code typed back for the object's phone number was checked with the named provider. */
  record PhoneCodeChecked(String provider, boolean approved) implements VerificationEvent {}
}
