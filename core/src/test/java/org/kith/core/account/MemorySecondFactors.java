package org.kith.core.account;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.kith.core.audit.AuditEvent;
import reactor.core.publisher.Mono;

/** An in-memory {@link SecondFactorStore} with the same check-and-use rules as the graph's, for the rules' tests. */
final class MemorySecondFactors implements SecondFactorStore {
  private static final class Factor {
    String key = "";
    boolean active;
    long lastStep = -1;
    List<String> recovery = new ArrayList<>();
  }

  private final Map<String, Factor> factors = new HashMap<>();
  final List<AuditEvent> audited = new ArrayList<>();

  @Override
  public synchronized Mono<Totp> totp(String uId) {
    Factor f = factors.get(uId);
    return f == null ? Mono.empty() : Mono.just(new Totp(f.key, f.active, f.lastStep));
  }

  @Override
  public synchronized Mono<Boolean> startTotp(String uId, String sealedKey, Instant now) {
    Factor f = factors.computeIfAbsent(uId, u -> new Factor());
    if (f.active) {
      return Mono.just(false);
    }
    f.key = sealedKey;
    f.lastStep = -1;
    return Mono.just(true);
  }

  @Override
  public synchronized Mono<Boolean> activateTotp(
      String uId, long step, List<String> recoveryHashes, List<AuditEvent> audit) {
    Factor f = factors.get(uId);
    if (f == null || f.active || f.lastStep >= step) {
      return Mono.just(false);
    }
    f.active = true;
    f.lastStep = step;
    f.recovery = new ArrayList<>(recoveryHashes);
    audited.addAll(audit);
    return Mono.just(true);
  }

  @Override
  public synchronized Mono<Boolean> useStep(String uId, long step, List<AuditEvent> audit) {
    Factor f = factors.get(uId);
    if (f == null || !f.active || f.lastStep >= step) {
      return Mono.just(false);
    }
    f.lastStep = step;
    audited.addAll(audit);
    return Mono.just(true);
  }

  @Override
  public synchronized Mono<Boolean> useRecoveryCode(
      String uId, String hash, List<AuditEvent> audit) {
    Factor f = factors.get(uId);
    if (f == null || !f.active || !f.recovery.remove(hash)) {
      return Mono.just(false);
    }
    audited.addAll(audit);
    return Mono.just(true);
  }

  @Override
  public synchronized Mono<Boolean> removeTotp(String uId, List<AuditEvent> audit) {
    if (factors.remove(uId) == null) {
      return Mono.just(false);
    }
    audited.addAll(audit);
    return Mono.just(true);
  }

  @Override
  public Mono<Void> saveChallenge(
      String hash, String uId, String client, Instant expiresAt, Instant now) {
    return Mono.error(new UnsupportedOperationException("not in these tests"));
  }

  @Override
  public Mono<Challenge> challenge(String hash, Instant now) {
    return Mono.empty();
  }

  @Override
  public Mono<Boolean> takeChallenge(String hash) {
    return Mono.just(false);
  }

  @Override
  public Mono<Long> purgeChallenges(Instant now) {
    return Mono.just(0L);
  }
}
