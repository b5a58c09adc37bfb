package io.kcap.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kcap.selector.Json.JsonArray;
import io.kcap.selector.Json.JsonBoolean;
import io.kcap.selector.Json.JsonNull;
import io.kcap.selector.Json.JsonNumber;
import io.kcap.selector.Json.JsonObject;
import io.kcap.selector.Json.JsonString;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {
  private static Json string(String value) {
    return new JsonString(value);
  }

  @Test
  void readsEveryKindOfValue() throws IOException {
    Json json =
        Json.parse(
            " {\"o\": {\"k\": []}, \"a\": [1, -2.5e3, 0, 0.25, true, false, null],\n"
                + "\t\"s\": \"x\"}\r\n");
    assertThat(json)
        .isEqualTo(
            new JsonObject(
                Map.of(
                    "o", new JsonObject(Map.of("k", new JsonArray(List.of()))),
                    "a",
                        new JsonArray(
                            List.of(
                                new JsonNumber(new BigDecimal("1")),
                                new JsonNumber(new BigDecimal("-2.5e3")),
                                new JsonNumber(BigDecimal.ZERO),
                                new JsonNumber(new BigDecimal("0.25")),
                                new JsonBoolean(true),
                                new JsonBoolean(false),
                                new JsonNull())),
                    "s", string("x"))));
  }

  @Test
  void keepsMembersInFileOrder() throws IOException {
    JsonObject object = (JsonObject) Json.parse("{\"z\": 1, \"a\": 2, \"m\": 3}");
    assertThat(object.members().keySet()).containsExactly("z", "a", "m");
  }

  @Test
  void decodesEveryEscape() throws IOException {
    assertThat(Json.parse("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\u0041\""))
        .isEqualTo(string("\" \\ / \b \f \n \r \t é A"));
  }

  @Test
  void decodesASurrogatePairEscapeIntoOneCodePoint() throws IOException {
    JsonString grinning = (JsonString) Json.parse("\"\\ud83d\\uDE00\"");
    assertThat(grinning.value()).isEqualTo("\uD83D\uDE00");
    assertThat(grinning.value().codePointAt(0)).isEqualTo(0x1F600);
  }

  @Test
  void keepsUnescapedNonAsciiAsIs() throws IOException {
    assertThat(Json.parse("\"é😀\"")).isEqualTo(string("é😀"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "``                    | line 1, column 1: expected a JSON value, found the end",
        "`{\"a\": 1,}`         | line 1, column 9: expected a member name in double quotes",
        "[1, 2,]               | line 1, column 7: expected a JSON value",
        "[1 2]                 | line 1, column 4: expected ',' or ']'",
        "{'a': 1}              | line 1, column 2: expected a member name in double quotes",
        "`{\"a\" 1}`           | line 1, column 6: expected ':'",
        "`{\"a\": 1, \"a\": 2}` | line 1, column 10: expected no second member named \"a\"",
        "01                    | line 1, column 1: expected a number without leading zeros",
        "-                     | line 1, column 2: expected a digit",
        "1.                    | line 1, column 3: expected a digit after '.'",
        ".5                    | line 1, column 1: expected a JSON value",
        "1e                    | line 1, column 3: expected a digit in the exponent",
        "NaN                   | line 1, column 1: expected a JSON value",
        "tru                   | line 1, column 1: expected a JSON value",
        "`\"abc`               | line 1, column 5: expected a closing '\"', found the end",
        "`\"\\x\"`             | line 1, column 3: expected one of",
        "`\"\\u12\"`           | line 1, column 6: expected 4 hexadecimal digits after \\u",
        "`\"\\ud800\"`         | line 1, column 8: expected a \\u escape of a low surrogate",
        "`\"\\ud800\\u0041\"`  | line 1, column 8: expected a \\u escape of a low surrogate",
        "`\"\\udc00\"`         | line 1, column 2: expected a high surrogate",
        "`{} {}`               | line 1, column 4: expected the end of the document",
        "`// c\n1`             | line 1, column 1: expected a JSON value",
        "`[\n\n  x]`           | line 3, column 3: expected a JSON value, found 'x'",
      })
  void refusesWhatRfc8259Refuses(String text, String message) {
    assertThatThrownBy(() -> Json.parse(text))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("invalid JSON at " + message);
  }

  @Test
  void refusesAnUnescapedControlCharacterInAString() {
    assertThatThrownBy(() -> Json.parse("\"a\tb\""))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("column 3")
        .hasMessageContaining("control character");
  }

  @Test
  void refusesNestingDeeperThanTheLimitInsteadOfOverflowingTheStack() throws IOException {
    String deep = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
    assertThat(Json.parse(deep)).isInstanceOf(JsonArray.class);
    String tooDeep = "[".repeat(100_000) + "]".repeat(100_000);
    assertThatThrownBy(() -> Json.parse(tooDeep))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("at most " + Json.MAX_DEPTH + " nested");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "plain", "quote \" and \\ back", "tab\there\nline", "\u0001", "é😀"})
  void quotedStringsReadBackAsThemselves(String value) throws IOException {
    assertThat(Json.parse(Json.quote(value))).isEqualTo(string(value));
  }

  @Test
  void quotesALoneSurrogateAsAnEscapeSoTheOutputStaysValidText() {
    assertThat(Json.quote("a\uD800b")).isEqualTo("\"a\\ud800b\"");
  }
}
