package org.kith.api.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.kith.core.Rejected;

class FlatCsvTests {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final java.util.Comparator<JsonNode> SAME_NUMBER = (a, b) -> a.equals(b)
          || (a.isNumber() && b.isNumber() && a.decimalValue().compareTo(b.decimalValue()) == 0)
      ? 0
      : 1;
  private final FlatCsv csv = new FlatCsv(new FlatCsv.Limits(100, 200, 8));

  @Property(tries = 300)
  void csvToJsonGivesBackExactlyWhatJsonToCsvWasGiven(@ForAll("rows") List<JsonNode> rows) {
    Assume.that(!onlyEmptyNamedField(rows));
    String text = csv.toCsv(rows);
    List<ObjectNode> back = csv.toJson(text);
    assertThat(back).as(text).hasSameSizeAs(rows);
    for (int i = 0; i < rows.size(); i++) {
      // equal as JSON: numbers by value (a node of 0.000 reads back as 0)
      assertThat(back.get(i).equals(SAME_NUMBER, rows.get(i)))
          .as("row %d of %s: %s", i, text, back.get(i))
          .isTrue();
    }
  }

  @Example
  void anElementWhoseColumnComesBeforeTheColumnOfTheOneAheadOfItReadsBack() throws Exception {
    // found by the property above: the first row makes the columns [[0].name and [[1]; the second
    // row's [[0] is a
    // later column, so its [[1] is read first
    List<JsonNode> rows = List.of(
        JSON.readTree("{\"[\":[{\"name\":\"\"},\"\"]}"),
        JSON.readTree("{\"[\":[\"\",\"\"],\"name\":\"\"}"));
    String text = csv.toCsv(rows);
    assertThat(csv.toJson(text)).as(text).containsExactly((ObjectNode) rows.get(0), (ObjectNode)
        rows.get(1));
  }

  @Example
  void anArrayElementWithoutTheOneBeforeItIsRefusedAndAHugeIndexOpensNoPlaces() {
    assertThatThrownBy(() -> csv.toJson("a[1],b\r\nx,y\r\n"))
        .isInstanceOf(Rejected.class)
        .hasMessageContaining("line 2");
    assertThatThrownBy(() -> csv.toJson("a[0],a[999999999]\r\nx,y\r\n"))
        .isInstanceOf(Rejected.class);
  }

  @Example
  void nestedFieldsBecomeDottedColumnsAndArraysIndexedOnes() throws Exception {
    List<JsonNode> rows = List.of(
        JSON.readTree(
            "{\"name\":\"Ana\",\"address\":{\"city\":\"Wellington\",\"lines\":[\"1 Main St\",\"Te Aro\"]}}"),
        JSON.readTree("{\"name\":\"Ben, Jr.\",\"age\":41}"));
    assertThat(csv.toCsv(rows))
        .isEqualTo("name,address.city,address.lines[0],address.lines[1],age\r\n"
            + "Ana,Wellington,1 Main St,Te Aro,\r\n"
            + "\"Ben, Jr.\",,,,41\r\n");
  }

  @Example
  void textThatWouldReadAsAnotherValueOrAFormulaIsWrittenAsAJsonString() throws Exception {
    JsonNode row = JSON.readTree(
        "{\"a\":\"123\",\"b\":\"=SUM(A1)\",\"c\":\"\",\"d\":\"true\",\"e\":123,\"f\":null,\"g\":\"-2\",\"h\":[]}");
    assertThat(csv.toCsv(List.of(row)))
        .isEqualTo(
            "a,b,c,d,e,f,g,h\r\n\"\"\"123\"\"\",\"\"\"=SUM(A1)\"\"\",\"\"\"\"\"\",\"\"\"true\"\"\",123,null,"
                + "\"\"\"-2\"\"\",[]\r\n");
  }

  @Example
  void keysWithDotsAndBracketsAreEscaped() throws Exception {
    JsonNode row = JSON.readTree("{\"a.b\":{\"[x]\":1,\"\":2},\"c\\\\d\":3}");
    String text = csv.toCsv(List.of(row));
    assertThat(text).startsWith("a\\.b.\\[x\\],a\\.b.,c\\\\d\r\n");
    assertThat(csv.toJson(text)).containsExactly((ObjectNode) row);
  }

  @Example
  void malformedCsvNamesTheLine() {
    assertThatThrownBy(() -> csv.toJson("a,b\r\n1,2\r\n3,4,5\r\n"))
        .isInstanceOf(Rejected.class)
        .hasMessageContaining("line 3")
        .hasMessageContaining("3 fields, the header has 2");
    assertThatThrownBy(() -> csv.toJson("a,b\n1,2\n\"open,4\n"))
        .isInstanceOf(Rejected.class)
        .hasMessageContaining("line 3");
    assertThatThrownBy(() -> csv.toJson("a,a\n1,2\n")).hasMessageContaining("appears twice");
    assertThatThrownBy(() -> csv.toJson("a,a.b\n1,2\n"))
        .hasMessageContaining("line 2, column \"a.b\"");
    assertThatThrownBy(() -> csv.toJson("a[1]\n1\n"))
        .hasMessageContaining("line 2, column \"a[1]\"");
    assertThatThrownBy(() -> csv.toJson("a[x]\n1\n")).hasMessageContaining("not a number");
    assertThatThrownBy(() -> csv.toJson("a\n\"\"\"open\"\n"))
        .hasMessageContaining("JSON string literal");
  }

  @Example
  void sizesAreBounded() {
    List<JsonNode> many = new ArrayList<>();
    for (int i = 0; i <= 100; i++) {
      many.add(NODES.objectNode().put("i", i));
    }
    assertThatThrownBy(() -> csv.toCsv(many)).hasMessageContaining("at most 100 objects");
    ObjectNode wide = NODES.objectNode();
    for (int i = 0; i <= 200; i++) {
      wide.put("f" + i, i);
    }
    assertThatThrownBy(() -> csv.toCsv(List.of(wide))).hasMessageContaining("at most 200");
    ObjectNode deep = NODES.objectNode();
    ObjectNode at = deep;
    for (int i = 0; i < 10; i++) {
      at = at.putObject("n");
    }
    at.put("x", 1);
    assertThatThrownBy(() -> csv.toCsv(List.of(deep))).hasMessageContaining("deeper than 8");
    assertThatThrownBy(() -> csv.toJson("n.n.n.n.n.n.n.n.n.n\n1\n"))
        .hasMessageContaining("deeper than 8");
    assertThatThrownBy(() -> csv.toCsv(List.of(NODES.arrayNode())))
        .hasMessageContaining("is an object");
  }

  /** The one shape CSV cannot carry: a single column named "" is an empty line (refused, see below). */
  private static boolean onlyEmptyNamedField(List<JsonNode> rows) {
    java.util.Set<String> names = new java.util.HashSet<>();
    rows.forEach(r -> r.fieldNames().forEachRemaining(names::add));
    return names.equals(java.util.Set.of(""))
        && rows.stream()
            .map(r -> r.get(""))
            .allMatch(v -> v == null || !v.isContainerNode() || v.isEmpty());
  }

  @Example
  void aLoneEmptyNamedColumnIsRefused() {
    ObjectNode row = NODES.objectNode().put("", 1);
    assertThatThrownBy(() -> csv.toCsv(List.of(row))).hasMessageContaining("empty name");
    assertThat(csv.toJson(csv.toCsv(List.of(NODES.objectNode(), NODES.objectNode()))))
        .containsExactly(NODES.objectNode(), NODES.objectNode());
  }

  @Provide
  Arbitrary<List<JsonNode>> rows() {
    return object(3).list().ofMaxSize(5).map(l -> new ArrayList<JsonNode>(l));
  }

  private static Arbitrary<String> keys() {
    return Arbitraries.oneOf(
        Arbitraries.of("name", "a", "b", "c", "", "a.b", "x[0]", "\\", "]", "["),
        Arbitraries.strings().ofMaxLength(4));
  }

  private static Arbitrary<JsonNode> scalar() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(12).map(NODES::textNode),
        Arbitraries.of(
                "",
                "123",
                "-1",
                "true",
                "null",
                "[]",
                "{}",
                "=1+2",
                "\"q\"",
                "a,b",
                "line\r\nbreak",
                " x ")
            .map(NODES::textNode),
        Arbitraries.integers().map(NODES::numberNode),
        Arbitraries.longs().map(NODES::numberNode),
        Arbitraries.bigDecimals()
            .ofScale(3)
            .map(d -> NODES.numberNode(new BigDecimal(d.toString()))),
        Arbitraries.of(NODES.booleanNode(true), NODES.booleanNode(false), NODES.nullNode()));
  }

  private static Arbitrary<JsonNode> object(int depth) {
    Arbitrary<JsonNode> value = depth == 0
        ? scalar()
        : Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(5, scalar()),
            net.jqwik.api.Tuple.of(1, Arbitraries.lazy(() -> object(depth - 1))),
            net.jqwik.api.Tuple.of(1, Arbitraries.lazy(() -> array(depth - 1))));
    return Arbitraries.maps(keys(), value).ofMaxSize(4).map(m -> {
      ObjectNode o = NODES.objectNode();
      m.forEach(o::set);
      return o;
    });
  }

  private static Arbitrary<JsonNode> array(int depth) {
    Arbitrary<JsonNode> element =
        depth == 0 ? scalar() : Arbitraries.oneOf(scalar(), object(depth - 1));
    return element.list().ofMaxSize(3).map(l -> {
      ArrayNode a = NODES.arrayNode();
      l.forEach(a::add);
      return a;
    });
  }
}
