package org.kith.core.verification;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Port: SD-JWT (RFC 9901) issue and presentation checks under Kith's signing keys. */
public interface SdJwts {
  /** One selectively disclosable field. */
  record Disclosed(String name, @Nullable Object value, String disclosure) {}

  /** The issued SD-JWT ({@code jwt~d1~…~}) and its disclosures by field. */
  record Issued(String sdJwt, List<Disclosed> disclosures) {}

  /** A verified presentation's claims (disclosures applied) and whether key binding was proven. */
  record Presentation(Map<String, Object> claims, boolean keyBound) {}

  /**
   * @param holderJwk public JWK for {@code cnf}, or null; a 400 {@link org.kith.core.Rejected} if it is not one
   */
  Issued issue(
      Map<String, Object> visible,
      Map<String, @Nullable Object> documentData,
      @Nullable Object holderJwk);

  /** Checks a presentation; a 400-free answer: {@code null} reason means verified. */
  Result verify(String presentation, @Nullable String audience, @Nullable String nonce);

  /** Outcome of a presentation check: {@code presentation} when verified, otherwise the reason. */
  record Result(
      @Nullable Presentation presentation, @Nullable String reason) {}
}
