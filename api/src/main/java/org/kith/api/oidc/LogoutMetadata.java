package org.kith.api.oidc;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.kith.core.oidc.VerifiedClaims;

/**
 * What discovery says about logout (RP-Initiated Logout 1.0 §2.1, Back-Channel Logout 1.0 §2.1, Front-Channel
 * Logout 1.0 §3): an end-session endpoint, back-channel logout with {@code sid}, no front-channel logout; and about
 * Identity Assurance 1.0 (§10): {@code verified_claims} in userinfo under Kith's trust framework.
 */
final class LogoutMetadata {
  private LogoutMetadata() {}

  static Map<String, Object> of(URI endSession) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("end_session_endpoint", endSession.toString());
    m.put("backchannel_logout_supported", true);
    m.put("backchannel_logout_session_supported", true);
    m.put("frontchannel_logout_supported", false);
    return m;
  }

  static Map<String, Object> identityAssurance() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("verified_claims_supported", true);
    m.put("trust_frameworks_supported", java.util.List.of(VerifiedClaims.TRUST_FRAMEWORK));
    m.put("evidence_supported", java.util.List.of(VerifiedClaims.EVIDENCE));
    m.put("claims_in_verified_claims_supported", VerifiedClaims.CLAIMS);
    return m;
  }
}
