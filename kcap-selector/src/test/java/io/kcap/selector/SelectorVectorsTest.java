package io.kcap.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SelectorVectorsTest {
  private static final String FILE =
      """
      {
        "about": "a few vectors",
        "match": [
          {"selector": "a == 'b'", "labels": {"a": "b"}, "matches": true, "from": "here:1"},
          {"selector": "a == 'b'", "labels": {}, "matches": false}
        ],
        "errors": [{"selector": "a == b", "reason": "label on the right"}],
        "canonical": [{"selector": "a startswith 'x'", "canonical": "a starts with \\"x\\""}],
        "valid": [{"selector": "has(a)"}]
      }
      """;

  @Test
  void readsEverySectionInOrder() throws IOException {
    SelectorVectors vectors = SelectorVectors.parse(FILE);
    assertThat(vectors.size()).isEqualTo(5);
    assertThat(vectors.match())
        .containsExactly(
            new SelectorVectors.Match("a == 'b'", Map.of("a", "b"), true, "here:1"),
            new SelectorVectors.Match("a == 'b'", Map.of(), false, ""));
    assertThat(vectors.errors()).containsExactly(new SelectorVectors.Invalid("a == b", ""));
    assertThat(vectors.canonical())
        .containsExactly(
            new SelectorVectors.Canonical("a startswith 'x'", "a starts with \"x\"", ""));
    assertThat(vectors.valid()).containsExactly(new SelectorVectors.Valid("has(a)", ""));
    assertThat(vectors.all()).extracting(SelectorVectors.Vector::selector).hasSize(5);
    assertThat(vectors.all()).allSatisfy(v -> assertThat(v.failure()).isEmpty());
  }

  @Test
  void sectionsAreOptional() throws IOException {
    assertThat(SelectorVectors.parse("{}").size()).isZero();
  }

  @Test
  void eachKindOfVectorDescribesItsFailure() {
    assertThat(new SelectorVectors.Match("a == 'b'", Map.of("a", "c"), true, "").failure())
        .contains("\"a == 'b'\" on {\"a\": \"c\"}: expected true, got false");
    assertThat(new SelectorVectors.Match("a == b", Map.of(), false, "").failure())
        .contains(
            "\"a == b\" on {}: expected false, got syntax error:"
                + " expected a quoted string at offset 5, found 'b'");
    assertThat(new SelectorVectors.Invalid("a=='b'", "").failure())
        .contains("\"a=='b'\": expected a syntax error, got \"a == \\\"b\\\"\"");
    assertThat(new SelectorVectors.Canonical("a == 'b'", "a == 'b'", "").failure())
        .contains("\"a == 'b'\": expected canonical \"a == 'b'\", got \"a == \\\"b\\\"\"");
    assertThat(new SelectorVectors.Valid("(", "").failure())
        .contains(
            "\"(\": expected to parse, got syntax error: expected a label, '!', '(', has(…),"
                + " all() or global() at offset 1, found the end");
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "[]                                       | expected a JSON object at the top",
        "`{\"match\": {}}`                        | match: expected an array, found an object",
        "`{\"matchs\": []}`                       | \"matchs\": unknown key; expected one of about,"
            + " canonical, errors, match, valid",
        "`{\"errors\": [1]}`                      | errors[0]: expected an object, found a number",
        "`{\"errors\": [{}]}`                     | errors[0]: missing \"selector\"",
        "`{\"valid\": [{\"selector\": 1}]}`       | valid[0].selector: expected a string,"
            + " found a number",
        "`{\"valid\": [{\"selector\": \"\", \"x\": 1}]}` | valid[0].\"x\": unknown key;"
            + " expected one of from, reason, selector",
        "`{\"match\": [{\"selector\": \"\", \"labels\": {\"a\": 1}, \"matches\": true}]}`"
            + " | match[0].labels.a: expected a string, found a number",
        "`{\"match\": [{\"selector\": \"\", \"labels\": {}, \"matches\": \"yes\"}]}`"
            + " | match[0].matches: expected true or false, found a string",
        "`{\"canonical\": [{\"selector\": \"\"}]}` | canonical[0]: missing \"canonical\"",
      })
  void refusesTextOutsideTheFormatSayingWhere(String json, String message) {
    assertThatThrownBy(() -> SelectorVectors.parse(json))
        .isInstanceOf(IOException.class)
        .hasMessage(message);
  }

  @Test
  void readNamesTheFileInItsErrors(@TempDir Path dir) throws IOException {
    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "{\"match\": [");
    assertThatThrownBy(() -> SelectorVectors.read(broken))
        .isInstanceOf(IOException.class)
        .hasMessage(
            broken + ": invalid JSON at line 1, column 12: expected a JSON value, found the end");
    Path latin1 = dir.resolve("latin1.json");
    Files.write(latin1, "{\"about\": \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> SelectorVectors.read(latin1))
        .isInstanceOf(IOException.class)
        .hasMessage(latin1 + ": not UTF-8 text");
    assertThatThrownBy(() -> SelectorVectors.read(dir.resolve("absent.json")))
        .isInstanceOf(IOException.class)
        .hasMessage(dir.resolve("absent.json") + ": no such file");
    assertThatThrownBy(() -> SelectorVectors.read(dir))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(dir + ": cannot read: ");
  }
}
