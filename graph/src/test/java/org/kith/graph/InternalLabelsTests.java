package org.kith.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.core.Rejected;
import org.kith.core.profile.Labels;

@DisplayName("Kith's own node labels")
class InternalLabelsTests {
  /** A node pattern's first label in Cypher text: {@code (x:Label}, {@code (:Label}. */
  private static final Pattern NODE_LABEL = Pattern.compile("\\(\\w*:([A-Z][A-Za-z]+)");

  @Test
  @DisplayName(
      "every label Kith's code writes or reads is reserved: no profile object can pass for one")
  void reserved() throws IOException {
    Set<String> used = new TreeSet<>();
    for (String module : List.of("../graph", "../api", "../core")) {
      Path sources = Path.of(module, "src/main/java");
      try (Stream<Path> files = Files.walk(sources)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          Matcher m = NODE_LABEL.matcher(Files.readString(file));
          while (m.find()) {
            used.add(m.group(1));
          }
        }
      }
    }
    assertThat(used)
        .contains("User", "Credential", "AuditEvent", "WrappedKey")
        .hasSizeGreaterThan(15);
    assertThat(Labels.RESERVED).containsAll(used);
    for (String label : used) {
      assertThatThrownBy(() -> Labels.of("us_note", List.of(label), "/labels"))
          .as(label)
          .isInstanceOf(Rejected.class);
    }
    assertThat(Labels.of("us_note", List.of("Passport", "Family"), "/labels"))
        .containsExactly("us_note", "Passport", "Family");
  }
}
