package org.kith.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.util.context.Context;

@DisplayName("consistency tokens")
class ConsistencyTests {
  private static String token(String text) {
    return "k1."
        + Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName(
      "a token handed out after a write brings back the same bookmarks on the next request")
  void roundTrip() {
    Consistency writer = Consistency.none();
    assertThat(writer.hasWritten()).isFalse();
    writer.wrote(Set.of("FB:kcwQ1", "FB:kcwQ2"));
    assertThat(writer.hasWritten()).isTrue();
    Consistency reader = Consistency.of(writer.token());
    assertThat(reader.required()).containsExactlyInAnyOrder("FB:kcwQ1", "FB:kcwQ2");
    assertThat(reader.hasWritten()).isFalse();
  }

  @Test
  @DisplayName("a request waits for the token's bookmarks and for its own latest write")
  void required() {
    Consistency c = Consistency.of(token("a"));
    c.wrote(Set.of("b"));
    c.wrote(Set.of());
    assertThat(c.required()).containsExactlyInAnyOrder("a", "b");
    c.wrote(Set.of("c"));
    assertThat(c.required()).containsExactlyInAnyOrder("a", "c");
  }

  @Test
  @DisplayName("no token, or a blank one, asks for nothing")
  void absent() {
    assertThat(Consistency.of(null).required()).isEmpty();
    assertThat(Consistency.of("  ").required()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"k2.YQ", "YQ", "k1.!!!", "k1.", "k1.YQoKYg"})
  @DisplayName("a token Kith did not issue is a 400 on the consistency header")
  void malformed(String value) {
    assertThatThrownBy(() -> Consistency.of(value)).isInstanceOfSatisfying(Rejected.class, e -> {
      assertThat(e.kind()).isEqualTo(ProblemKind.VALIDATION);
      assertThat(e.errors())
          .singleElement()
          .satisfies(f -> assertThat(f.path()).isEqualTo("Kith-Consistency-Token"));
    });
  }

  @Test
  @DisplayName("bookmarks with spaces or control characters are refused")
  void controlCharacters() {
    assertThatThrownBy(() -> Consistency.of(token("a b"))).isInstanceOf(Rejected.class);
    assertThatThrownBy(() -> Consistency.of(token("a\tb"))).isInstanceOf(Rejected.class);
    assertThatThrownBy(() -> Consistency.of(token("caf\u00e9"))).isInstanceOf(Rejected.class);
  }

  @Test
  @DisplayName("at most 16 bookmarks and 4,096 characters")
  void limits() {
    Set<String> sixteen = IntStream.range(0, Consistency.MAX_BOOKMARKS)
        .mapToObj(i -> "b" + i)
        .collect(Collectors.toCollection(LinkedHashSet::new));
    assertThat(Consistency.of(token(String.join("\n", sixteen))).required()).hasSize(16);
    assertThatThrownBy(() -> Consistency.of(token(String.join("\n", sixteen) + "\nb16")))
        .isInstanceOf(Rejected.class);
    String longest = "k1." + "A".repeat(Consistency.MAX_TOKEN_LENGTH - 3);
    assertThatThrownBy(() -> Consistency.of(longest + "A"))
        .isInstanceOf(Rejected.class)
        .hasMessage("not a consistency token Kith issued");
  }

  @Test
  @DisplayName("the request's consistency is found in its Reactor context")
  void context() {
    Consistency c = Consistency.none();
    assertThat(Consistency.in(Context.of(Consistency.CONTEXT_KEY, c))).isSameAs(c);
    assertThat(Consistency.in(Context.empty())).isNull();
  }
}
