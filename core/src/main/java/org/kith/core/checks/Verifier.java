package org.kith.core.checks;

/**
 * Port: a third party that checks something about a person for Kith. Each kind of check has its own port
 * extending this one ({@link PhoneVerifier}); an adapter speaks one provider's wire format.
 */
public interface Verifier {
  /** The provider's name as the verification records it vouches for name it ("twilio-verify"). */
  String provider();
}
