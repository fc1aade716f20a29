package org.kith.api.oidc;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What discovery says about logout (RP-Initiated Logout 1.0 §2.1, Back-Channel Logout 1.0 §2.1, Front-Channel
 * Logout 1.0 §3): an end-session endpoint, back-channel logout with {@code sid}, no front-channel logout.
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
}
