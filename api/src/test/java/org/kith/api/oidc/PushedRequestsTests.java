package org.kith.api.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.core.Ids;

@DisplayName("pushed authorization requests' ids")
class PushedRequestsTests {
  @Test
  @DisplayName(
      "an ordinary request's id is never taken for a pushed one, whatever its random characters")
  void namespacesAreDisjoint() {
    // the id a bench run met after about 10,000 requests: random, and beginning with "par_"
    assertThat(PushedRequests.isPushed("par_pSEOoO735nY6oZXeFueQJwxxZPdE3Ho5RYufV_o"))
        .isFalse();
    for (int i = 0; i < 10_000; i++) {
      String ordinary = Ids.secret256();
      assertThat(ordinary).matches("[A-Za-z0-9_-]+");
      assertThat(PushedRequests.isPushed(ordinary)).isFalse();
    }
    assertThat(PushedRequests.isPushed(PushedRequests.PREFIX + Ids.secret256())).isTrue();
  }
}
