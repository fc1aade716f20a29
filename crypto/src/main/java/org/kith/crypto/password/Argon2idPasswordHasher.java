package org.kith.crypto.password;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.jspecify.annotations.Nullable;
import org.kith.core.Failed;
import org.kith.core.account.PasswordHasher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Argon2id (RFC 9106) with BouncyCastle, encoded in the PHC string format
 * {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>} so parameters travel with the hash and can be raised
 * later ({@link #needsRehash}). Hashing runs on the given bounded scheduler, never on the caller's thread;
 * a full queue fails fast with 503 rather than piling up. Thread-safe.
 */
public final class Argon2idPasswordHasher implements PasswordHasher {
  /** OWASP's minimum for Argon2id: 19 MiB, 2 passes, 1 lane. */
  public static final Params OWASP = new Params(19 * 1024, 2, 1);

  private static final Pattern PHC = Pattern.compile(
      "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,2}),p=(\\d{1,2})\\$([A-Za-z0-9+/]{16,64})\\$([A-Za-z0-9+/]{16,128})");
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;

  private final Params params;
  private final Scheduler scheduler;
  private final SecureRandom random = new SecureRandom();

  /** Cost parameters: memory in KiB, iterations, lanes. */
  public record Params(int memoryKiB, int iterations, int parallelism) {}

  public Argon2idPasswordHasher(Params params, Scheduler scheduler) {
    this.params = params;
    this.scheduler = scheduler;
  }

  @Override
  public Mono<String> hash(String password) {
    return offload(() -> {
      byte[] salt = new byte[SALT_BYTES];
      random.nextBytes(salt);
      byte[] hash =
          derive(params, password.getBytes(StandardCharsets.UTF_8), salt, null, null, HASH_BYTES);
      return "$argon2id$v=19$m=" + params.memoryKiB() + ",t=" + params.iterations() + ",p="
          + params.parallelism() + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    });
  }

  @Override
  public Mono<Boolean> verify(String password, String encodedHash) {
    Optional<Decoded> decoded = decode(encodedHash);
    if (decoded.isEmpty()) {
      return Mono.just(false);
    }
    Decoded d = decoded.get();
    return offload(() -> MessageDigest.isEqual(
        d.hash(),
        derive(
            d.params(),
            password.getBytes(StandardCharsets.UTF_8),
            d.salt(),
            null,
            null,
            d.hash().length)));
  }

  @Override
  public boolean needsRehash(String encodedHash) {
    return decode(encodedHash)
        .map(d -> d.params().memoryKiB() < params.memoryKiB()
            || d.params().iterations() < params.iterations()
            || d.params().parallelism() < params.parallelism())
        .orElse(true);
  }

  /** Raw Argon2id (version 0x13), exposed for the RFC 9106 test vectors. */
  static byte[] derive(
      Params p,
      byte[] password,
      byte[] salt,
      byte @Nullable [] secret,
      byte @Nullable [] associatedData,
      int length) {
    Argon2Parameters.Builder b = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withMemoryAsKB(p.memoryKiB())
        .withIterations(p.iterations())
        .withParallelism(p.parallelism())
        .withSalt(salt);
    if (secret != null) {
      b.withSecret(secret);
    }
    if (associatedData != null) {
      b.withAdditional(associatedData);
    }
    Argon2BytesGenerator gen = new Argon2BytesGenerator();
    gen.init(b.build());
    byte[] out = new byte[length];
    gen.generateBytes(password, out);
    return out;
  }

  private record Decoded(Params params, byte[] salt, byte[] hash) {}

  private static Optional<Decoded> decode(String encoded) {
    Matcher m = PHC.matcher(encoded);
    if (!m.matches()) {
      return Optional.empty();
    }
    Params p = new Params(
        Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    if (p.memoryKiB() < 8 * p.parallelism()
        || p.memoryKiB() > 4 * 1024 * 1024
        || p.iterations() < 1
        || p.parallelism() < 1) {
      return Optional.empty();
    }
    return Optional.of(new Decoded(p, B64D.decode(m.group(4)), B64D.decode(m.group(5))));
  }

  private <T> Mono<T> offload(java.util.concurrent.Callable<T> work) {
    return Mono.fromCallable(work)
        .subscribeOn(scheduler)
        .onErrorMap(
            RejectedExecutionException.class,
            e -> Failed.unavailable("password hashing is saturated", e));
  }
}
