package org.kith.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ids and digests")
class IdsTests {
  @Test
  @DisplayName("entity ids are random version 4 UUIDs")
  void uuids() {
    String id = Ids.uuid();
    assertThat(UUID.fromString(id).version()).isEqualTo(4);
    assertThat(Ids.uuid()).isNotEqualTo(id);
  }

  @Test
  @DisplayName("a child id names its parent, and only a dotted id has one")
  void childIds() {
    String parent = Ids.uuid();
    String child = Ids.childId(parent);
    assertThat(child).startsWith(parent + ".");
    assertThat(Ids.parentOf(child)).contains(parent);
    assertThat(Ids.parentOf(parent)).isEmpty();
    assertThat(Ids.parentOf(".x")).isEmpty();
  }

  @Test
  @DisplayName("secrets are 256 bits of base64url without padding")
  void secrets() {
    String s = Ids.secret256();
    assertThat(s).hasSize(43).matches("[A-Za-z0-9_-]+");
    assertThat(Ids.randomToken(9)).hasSize(12);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      assertThat(seen.add(Ids.secret256())).isTrue();
    }
  }

  @Test
  @DisplayName("codes are decimal digits of the asked length, every digit in use")
  void digits() {
    Set<Character> used = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      String code = Ids.digits(6);
      assertThat(code).hasSize(6).containsOnlyDigits();
      code.chars().forEach(c -> used.add((char) c));
    }
    assertThat(used).hasSize(10);
  }

  @Test
  @DisplayName("SHA-256 digests are lower-case hex of the UTF-8 text (FIPS 180-2 vectors)")
  void sha256() {
    assertThat(Digests.sha256Hex("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(Digests.sha256Hex(""))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assertThat(Digests.sha256Hex("\u00e9")).isNotEqualTo(Digests.sha256Hex("e\u0301"));
  }
}
