package org.kith.core.oidc;

import org.kith.core.account.SecretHasher;

/**
 * The {@code sub} a relying party sees (OpenID Connect Core §8.1, pairwise): a keyed hash of the application and
 * the person, so two applications cannot join their records on it and none learns Kith's user id. Stable for as
 * long as the server's secret key is.
 */
public final class PairwiseSubjects {
  private static final String DOMAIN = "oidc-pairwise-sub:";

  private PairwiseSubjects() {}

  /** The pairwise subject of person {@code uId} at application {@code aId}. */
  public static String of(SecretHasher secrets, String aId, String uId) {
    return secrets.hash(DOMAIN + aId.length() + ":" + aId + ":" + uId);
  }
}
