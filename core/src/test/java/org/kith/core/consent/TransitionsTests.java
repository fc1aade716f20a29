package org.kith.core.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.core.ProblemKind;
import org.kith.core.Rejected;
import org.kith.core.net.OutboundTargets;

@DisplayName("transitions")
class TransitionsTests {
  private static final OutboundTargets GLOBAL = OutboundTargets.globalOnly();

  @Test
  @DisplayName("moves follow the graph; anything else is a 409 naming the allowed targets")
  void moves() {
    Transitions t = Transitions.of(
        List.of(
            Map.of("state", "Submitted", "next_states", List.of(Map.of("state", "Processing"))),
            Map.of(
                "state",
                "Processing",
                "next_states",
                List.of(Map.of(
                    "state",
                    "Done",
                    "actions",
                    List.of(Map.of("method", "webhook", "url", "https://example.org/hook")))))),
        GLOBAL);
    assertThat(t.require("Processing", "Done").actions()).hasSize(1);
    assertThatThrownBy(() -> t.require("Submitted", "Done"))
        .isInstanceOfSatisfying(Rejected.class, e -> {
          assertThat(e.kind()).isEqualTo(ProblemKind.CONFLICT);
          assertThat(e.getMessage()).contains("[Processing]");
        });
  }

  @Test
  @DisplayName(
      "the reference's object form next_states: {state, actions} is the one-element list, stored as a list")
  void objectForm() {
    Transitions t = Transitions.of(
        List.of(
            Map.of("state", "Submitted", "next_states", Map.of("state", "Processing")),
            Map.of(
                "state",
                "Processing",
                "next_states",
                Map.of(
                    "state",
                    "Done",
                    "actions",
                    List.of(Map.of("method", "webhook", "url", "https://example.org/hook"))))),
        GLOBAL);
    assertThat(t.require("Submitted", "Processing").actions()).isEmpty();
    assertThat(t.require("Processing", "Done").actions()).hasSize(1);
    assertThat(t.source().get(0).get("next_states"))
        .isEqualTo(List.of(Map.of("state", "Processing")));
    assertThatThrownBy(() -> Transitions.of(
            List.of(Map.of("state", "Submitted", "next_states", Map.of("actions", List.of()))),
            GLOBAL))
        .isInstanceOfSatisfying(
            Rejected.class, e -> assertThat(e.kind()).isEqualTo(ProblemKind.VALIDATION));
  }

  @Test
  @DisplayName(
      "unreachable states, reserved targets, unknown methods and bad action settings are all reported")
  void invalid() {
    assertThatThrownBy(() -> Transitions.of(
            List.of(
                Map.of(
                    "state",
                    "Submitted",
                    "next_states",
                    List.of(
                        Map.of("state", "Withdrawn"),
                        Map.of(
                            "state",
                            "A",
                            "actions",
                            List.of(
                                Map.of("method", "fax"),
                                Map.of("method", "email"),
                                Map.of("method", "webhook", "url", "http://example.org"))))),
                Map.of("state", "Island")),
            GLOBAL))
        .isInstanceOfSatisfying(Rejected.class, e -> assertThat(e.errors()).hasSize(4));
    assertThatThrownBy(() -> Transitions.of(
            List.of(
                Map.of("state", "Submitted"), Map.of("state", "B"), Map.of("state", "Submitted")),
            GLOBAL))
        .isInstanceOf(Rejected.class);
  }

  @Test
  @DisplayName("templates fill {{fields}} from the event and nothing else")
  void render() {
    assertThat(ActionDelivery.render(
            "{{ i_id }} is {{_state}}{{missing}} {{", Map.of("i_id", "x", "_state", "Done")))
        .isEqualTo("x is Done {{");
  }
}
