package org.kith.crypto.password;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

@DisplayName("Argon2id password hashing")
class Argon2idPasswordHasherTests {
  static final Scheduler POOL = Schedulers.newBoundedElastic(2, 16, "argon2-test");
  static final Argon2idPasswordHasher HASHER =
      new Argon2idPasswordHasher(Argon2idPasswordHasher.OWASP, POOL);

  @AfterAll
  static void stop() {
    POOL.dispose();
  }

  @Nested
  @DisplayName("RFC 9106 section 5.3 test vector")
  class Rfc9106 {
    @Test
    @DisplayName("Argon2id with secret and associated data gives the published tag")
    void publishedTag() {
      byte[] password = filled(32, 0x01);
      byte[] salt = filled(16, 0x02);
      byte[] secret = filled(8, 0x03);
      byte[] ad = filled(12, 0x04);
      byte[] tag = Argon2idPasswordHasher.derive(
          new Argon2idPasswordHasher.Params(32, 3, 4), password, salt, secret, ad, 32);
      assertThat(HexFormat.of().formatHex(tag))
          .isEqualTo("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659");
    }
  }

  @Nested
  @DisplayName("PHC-encoded hashes")
  class Encoded {
    @Test
    @DisplayName("carry OWASP parameters, verify the right password and reject a wrong one")
    void roundTrip() {
      String hash = HASHER.hash("correct horse battery").block();
      assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
      HASHER
          .verify("correct horse battery", hash)
          .as(StepVerifier::create)
          .expectNext(true)
          .verifyComplete();
      HASHER
          .verify("correct horse batterY", hash)
          .as(StepVerifier::create)
          .expectNext(false)
          .verifyComplete();
      assertThat(HASHER.needsRehash(hash)).isFalse();
    }

    @Test
    @DisplayName("salts every hash")
    void salted() {
      assertThat(HASHER.hash("same password!").block())
          .isNotEqualTo(HASHER.hash("same password!").block());
    }

    @Test
    @DisplayName("never match malformed or tampered hashes, and flag weaker parameters for rehash")
    void malformed() {
      HASHER.verify("x", "plaintext").as(StepVerifier::create).expectNext(false).verifyComplete();
      HASHER
          .verify(
              "x",
              "$argon2id$v=19$m=99999999,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaA")
          .as(StepVerifier::create)
          .expectNext(false)
          .verifyComplete();
      String weak = "$argon2id$v=19$m=4096,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaA";
      assertThat(HASHER.needsRehash(weak)).isTrue();
      assertThat(HASHER.needsRehash("garbage")).isTrue();
    }

    @Test
    @DisplayName(
        "a hash made with weaker parameters still verifies (so parameters can be raised later)")
    void olderParameters() {
      Argon2idPasswordHasher weak =
          new Argon2idPasswordHasher(new Argon2idPasswordHasher.Params(1024, 1, 1), POOL);
      String old = weak.hash("correct horse battery").block();
      HASHER
          .verify("correct horse battery", old)
          .as(StepVerifier::create)
          .expectNext(true)
          .verifyComplete();
      assertThat(HASHER.needsRehash(old)).isTrue();
    }

    @Test
    @DisplayName("hashing runs off the calling thread")
    void offThread() {
      String caller = Thread.currentThread().getName();
      String worker = HASHER
          .hash("correct horse battery")
          .map(h -> Thread.currentThread().getName())
          .block();
      assertThat(worker).isNotEqualTo(caller).startsWith("argon2-test");
    }
  }

  private static byte[] filled(int n, int value) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) value);
    return b;
  }
}
