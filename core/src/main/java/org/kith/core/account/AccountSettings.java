package org.kith.core.account;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Tunables of the account use cases.
 *
 * @param adminUsernames usernames holding the platform {@code admin} role
 * @param codeTtl how long an emailed code is valid
 * @param codeMaxFailures consecutive wrong codes before the account's codes are locked
 * @param codeLock how long such a lock lasts
 * @param refreshTtl how long an unused refresh token stays valid
 * @param usernameFailureLimit failed logins per username within {@code throttleWindow} before 429
 * @param addressFailureLimit failed logins per client address within {@code throttleWindow} before 429
 * @param throttleWindow the counting window of failed logins
 */
public record AccountSettings(
    Set<String> adminUsernames,
    Duration codeTtl,
    int codeMaxFailures,
    Duration codeLock,
    Duration refreshTtl,
    int usernameFailureLimit,
    int addressFailureLimit,
    Duration throttleWindow) {

  public static final String ROLE_USER = "user";
  public static final String ROLE_ADMIN = "admin";
  public static final String ROLE_VERIFIER = "verifier";

  public AccountSettings {
    adminUsernames = adminUsernames.stream().filter(u -> !u.isBlank())
        .map(u -> Usernames.canonical("kith.admin.usernames", u)).collect(Collectors.toUnmodifiableSet());
  }

  /** The defaults of the issue: 24 h codes with 5 tries, 30-day refresh, 5 (user) / 50 (address) per 15 min. */
  public static AccountSettings defaults(Set<String> adminUsernames) {
    return new AccountSettings(adminUsernames, Duration.ofHours(24), 5, Duration.ofMinutes(15),
        Duration.ofDays(30), 5, 50, Duration.ofMinutes(15));
  }

  /** Platform roles of a username: everyone is a user; admins are also verifiers. */
  public Set<String> rolesOf(String username) {
    return adminUsernames.contains(username)
        ? Set.of(ROLE_USER, ROLE_ADMIN, ROLE_VERIFIER)
        : Set.of(ROLE_USER);
  }
}
