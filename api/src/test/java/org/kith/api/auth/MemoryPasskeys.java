package org.kith.api.auth;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.kith.core.Rejected;
import org.kith.core.account.PasskeyStore;
import org.kith.core.audit.AuditEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@link PasskeyStore} in memory, for unit tests; records the audit events it was given. */
final class MemoryPasskeys implements PasskeyStore {
  private record Stored(Challenge challenge, Instant expiresAt) {}

  final Map<String, Stored> challenges = new ConcurrentHashMap<>();
  final Map<String, String> handles = new ConcurrentHashMap<>();
  final Map<String, Passkey> keys = new ConcurrentHashMap<>();
  final List<AuditEvent> audit = new ArrayList<>();

  @Override
  public Mono<Void> saveChallenge(
      String hash, String purpose, @Nullable String uId, Instant expiresAt) {
    return Mono.fromRunnable(
        () -> challenges.put(hash, new Stored(new Challenge(purpose, uId), expiresAt)));
  }

  @Override
  public Mono<Challenge> takeChallenge(String hash, Instant now) {
    return Mono.justOrEmpty(challenges.remove(hash))
        .filter(s -> s.expiresAt().isAfter(now))
        .map(Stored::challenge);
  }

  @Override
  public Mono<Long> purgeChallenges(Instant now) {
    return Mono.fromCallable(() -> {
      long before = challenges.size();
      challenges.values().removeIf(s -> !s.expiresAt().isAfter(now));
      return before - challenges.size();
    });
  }

  @Override
  public Mono<String> userHandle(String uId, String candidate) {
    return Mono.fromCallable(() -> handles.computeIfAbsent(uId, u -> candidate));
  }

  @Override
  public Mono<String> ownerOfHandle(String userHandle) {
    return Flux.fromIterable(handles.entrySet())
        .filter(e -> e.getValue().equals(userHandle))
        .map(Map.Entry::getKey)
        .next();
  }

  @Override
  public Mono<Passkey> add(Passkey passkey, List<AuditEvent> events) {
    return Mono.defer(() -> keys.putIfAbsent(passkey.credentialId(), passkey) != null
        ? Mono.error(Rejected.conflict("registered already"))
        : Mono.fromRunnable(() -> audit.addAll(events)).thenReturn(passkey));
  }

  @Override
  public Flux<Passkey> list(String uId) {
    return Flux.fromIterable(keys.values()).filter(k -> k.uId().equals(uId));
  }

  @Override
  public Mono<Passkey> find(String credentialId) {
    return Mono.justOrEmpty(keys.get(credentialId));
  }

  @Override
  public Mono<Passkey> rename(
      String uId, String credentialId, String name, List<AuditEvent> events) {
    return find(credentialId).filter(k -> k.uId().equals(uId)).map(k -> {
      Passkey renamed = new Passkey(
          k.credentialId(),
          uId,
          name,
          k.attestedCredentialData(),
          k.signCount(),
          k.transports(),
          k.uvInitialized(),
          k.backupEligible(),
          k.backupState(),
          k.createdAt(),
          k.lastUsedAt());
      keys.put(credentialId, renamed);
      audit.addAll(events);
      return renamed;
    });
  }

  @Override
  public Mono<Boolean> delete(String uId, String credentialId, List<AuditEvent> events) {
    return Mono.fromCallable(() -> {
      Passkey k = keys.get(credentialId);
      boolean found = k != null && k.uId().equals(uId) && keys.remove(credentialId, k);
      if (found) {
        audit.addAll(events);
      }
      return found;
    });
  }

  @Override
  public Mono<Boolean> recordUse(String credentialId, long signCount, Instant now) {
    return Mono.fromCallable(() -> {
      Passkey k = keys.get(credentialId);
      if (k == null || !(k.signCount() < signCount || (k.signCount() == 0 && signCount == 0))) {
        return false;
      }
      keys.put(
          credentialId,
          new Passkey(
              k.credentialId(),
              k.uId(),
              k.name(),
              k.attestedCredentialData(),
              signCount,
              k.transports(),
              k.uvInitialized(),
              k.backupEligible(),
              k.backupState(),
              k.createdAt(),
              now));
      return true;
    });
  }
}
