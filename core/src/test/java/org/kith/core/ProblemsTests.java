package org.kith.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("problems")
class ProblemsTests {
  @Test
  @DisplayName("each kind has its own problem type and a status of its class")
  void kinds() {
    assertThat(Arrays.stream(ProblemKind.values()).map(ProblemKind::slug)).doesNotHaveDuplicates();
    assertThat(ProblemKind.VALIDATION.status()).isEqualTo(400);
    assertThat(ProblemKind.UNAUTHENTICATED.status()).isEqualTo(401);
    assertThat(ProblemKind.FORBIDDEN.status()).isEqualTo(403);
    assertThat(ProblemKind.NOT_FOUND.status()).isEqualTo(404);
    assertThat(ProblemKind.CONFLICT.status()).isEqualTo(409);
    assertThat(ProblemKind.TOO_MANY_REQUESTS.status()).isEqualTo(429);
    assertThat(ProblemKind.UNAVAILABLE.status()).isEqualTo(503);
  }

  @ParameterizedTest
  @EnumSource(
      value = ProblemKind.class,
      names = {"INTERNAL", "UNAVAILABLE"})
  @DisplayName("a rejection is never a 5xx")
  void rejectionsAreClientErrors(ProblemKind kind) {
    assertThatThrownBy(() -> Rejected.of(kind, "x")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("the shorthands carry their kinds; field errors only on validation")
  void shorthands() {
    assertThat(Rejected.notFound("x").kind()).isEqualTo(ProblemKind.NOT_FOUND);
    assertThat(Rejected.forbidden("x").kind()).isEqualTo(ProblemKind.FORBIDDEN);
    assertThat(Rejected.unauthenticated("x").kind()).isEqualTo(ProblemKind.UNAUTHENTICATED);
    assertThat(Rejected.conflict("x").errors()).isEmpty();
    Rejected one = Rejected.invalid("name", "too long");
    assertThat(one.kind()).isEqualTo(ProblemKind.VALIDATION);
    assertThat(one.getMessage()).isEqualTo("too long");
    assertThat(one.errors()).containsExactly(new FieldError("name", "too long"));
  }

  @Test
  @DisplayName("field errors are a snapshot the thrower cannot change afterwards")
  void errorsCopied() {
    List<FieldError> errors = new java.util.ArrayList<>(List.of(new FieldError("a", "b")));
    Rejected r = Rejected.invalid("bad", errors);
    errors.add(new FieldError("c", "d"));
    assertThat(r.errors()).hasSize(1);
  }

  @Test
  @DisplayName("429 and busy 503 say when to come back; others do not")
  void retryAfter() {
    assertThat(Rejected.tooManyRequests("slow down", Duration.ofSeconds(7)).retryAfter())
        .hasSeconds(7);
    assertThat(Rejected.notFound("x").retryAfter()).isNull();
    Failed busy = Failed.busy("full", Duration.ofSeconds(2));
    assertThat(busy.kind()).isEqualTo(ProblemKind.UNAVAILABLE);
    assertThat(busy.retryAfter()).hasSeconds(2);
    assertThat(Failed.unavailable("db down", new RuntimeException()).retryAfter())
        .isNull();
  }

  @Test
  @DisplayName("internal failures keep their cause for logs and are 500s")
  void failed() {
    RuntimeException cause = new RuntimeException("disk full");
    Failed f = Failed.internal("write failed", cause);
    assertThat(f.kind()).isEqualTo(ProblemKind.INTERNAL);
    assertThat(f).hasCause(cause);
    assertThat(f.getStackTrace()).isNotEmpty();
    assertThat(Rejected.notFound("x").getStackTrace()).isEmpty();
  }
}
