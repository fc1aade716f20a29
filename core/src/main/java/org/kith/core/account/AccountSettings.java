package org.kith.core.account;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Tunables of the account use cases.
 *
 * @param adminUsernames usernames holding the platform {@code admin} role
 * @param codeTtl how long an emailed code (and a reset's "I did not ask for this" link) is valid
 * @param codeMaxFailures wrong answers a code takes before a new emailed code replaces it; after three codes used
 *     up in a row the account's codes are locked
 * @param codeLock how long such a lock lasts
 * @param refreshTtl how long an unused refresh token stays valid
 * @param login how failed password logins are slowed down
 * @param resetRequests password reset requests accepted per username: a burst, then one per interval
 * @param linkBase the public address of Kith that links in emails start with (no trailing slash)
 */
public record AccountSettings(
    Set<String> adminUsernames,
    Duration codeTtl,
    int codeMaxFailures,
    Duration codeLock,
    Duration refreshTtl,
    LoginLimits login,
    LoginThrottle.Budget resetRequests,
    String linkBase) {

  public static final String ROLE_USER = "user";
  public static final String ROLE_ADMIN = "admin";
  public static final String ROLE_VERIFIER = "verifier";

  /**
   * Limits on failed password logins.
   *
   * @param perClient growing delays per (username, client): a client that keeps failing for a username
   *     waits longer and longer before its next try is even looked at
   * @param perUsername a budget of failures per username shared by the clients that have been failing for
   *     it; when it is empty those clients wait, while a client that has not been failing may still try
   * @param addressFailureLimit failures per client address across all usernames within {@code addressWindow}
   * @param addressWindow the counting window of {@code addressFailureLimit}
   */
  public record LoginLimits(
      LoginThrottle.Backoff perClient,
      LoginThrottle.Budget perUsername,
      int addressFailureLimit,
      Duration addressWindow) {}

  public AccountSettings {
    adminUsernames = adminUsernames.stream()
        .filter(u -> !u.isBlank())
        .map(u -> Usernames.canonical("kith.admin.usernames", u))
        .collect(Collectors.toUnmodifiableSet());
    linkBase = linkBase.endsWith("/") ? linkBase.substring(0, linkBase.length() - 1) : linkBase;
  }

  /** Platform roles of a username: everyone is a user; admins are also verifiers. */
  public Set<String> rolesOf(String username) {
    return adminUsernames.contains(username)
        ? Set.of(ROLE_USER, ROLE_ADMIN, ROLE_VERIFIER)
        : Set.of(ROLE_USER);
  }
}
