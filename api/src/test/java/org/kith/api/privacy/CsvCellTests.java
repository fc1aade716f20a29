package org.kith.api.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("export CSV cells")
class CsvCellTests {
  @Test
  @DisplayName(
      "what a spreadsheet would run as a formula starts with an apostrophe; other text is unchanged")
  void formulas() {
    assertThat(MyDataController.cell("=HYPERLINK(\"http://x\")"))
        .isEqualTo("'=HYPERLINK(\"http://x\")");
    assertThat(MyDataController.cell("+1")).isEqualTo("'+1");
    assertThat(MyDataController.cell("-2+3")).isEqualTo("'-2+3");
    assertThat(MyDataController.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
    assertThat(MyDataController.cell("\tx")).isEqualTo("'\tx");
    assertThat(MyDataController.cell("\rx")).isEqualTo("'\rx");
    assertThat(MyDataController.cell("Exportina")).isEqualTo("Exportina");
    assertThat(MyDataController.cell("a=b")).isEqualTo("a=b");
    assertThat(MyDataController.cell("")).isEmpty();
  }
}
