package org.kith.api.auth;

import java.time.Duration;
import java.util.List;

/**
 * The WebAuthn relying party Kith is: its id (a domain), the name authenticators show, the exact origins
 * ceremonies may come from, and how long a ceremony's challenge lives.
 */
public record RelyingParty(String id, String name, List<String> origins, Duration challengeTtl) {
  public RelyingParty {
    origins = List.copyOf(origins);
  }
}
