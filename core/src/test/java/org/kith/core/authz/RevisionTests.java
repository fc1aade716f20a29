package org.kith.core.authz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.core.Consistency;
import reactor.core.publisher.Mono;

@DisplayName("A revision is Kith's consistency token")
class RevisionTests {
  private static final Mono<Set<String>> REQUIRED = Mono.deferContextual(context -> {
    Consistency c = Consistency.in(context);
    return Mono.just(c == null ? Set.of() : c.required());
  });

  private static String tokenOf(String bookmark) {
    Consistency written = Consistency.none();
    written.wrote(Set.of(bookmark));
    return written.token();
  }

  @Test
  @DisplayName("a read at a write's revision waits for that write's bookmarks")
  void readAtRevision() {
    assertThat(new Revision(tokenOf("bm-1")).apply(REQUIRED).block()).containsExactly("bm-1");
    assertThat(Revision.ANY.apply(REQUIRED).block()).isEmpty();
  }

  @Test
  @DisplayName("inside a request, the request's own consistency stays in force")
  void requestWins() {
    Consistency request = Consistency.of(tokenOf("bm-request"));
    assertThat(new Revision(tokenOf("bm-1"))
            .apply(REQUIRED)
            .contextWrite(c -> c.put(Consistency.CONTEXT_KEY, request))
            .block())
        .containsExactly("bm-request");
  }

  @Test
  @DisplayName("a request's writes give the revision to read at")
  void ofWrites() {
    Consistency request = Consistency.none();
    request.wrote(Set.of("bm-2"));
    assertThat(Revision.ofWrites()
            .contextWrite(c -> c.put(Consistency.CONTEXT_KEY, request))
            .block())
        .isEqualTo(new Revision(request.token()));
    assertThat(Revision.ofWrites().block()).isEqualTo(Revision.ANY);
  }
}
