package io.kcap.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.kcap.testkit.SharedFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every vector taken from Calico's own selector tests, one test each. */
class CalicoVectorsTest {
  private static Path file;
  private static SelectorVectors vectors;

  @BeforeAll
  static void readVectors() throws IOException {
    file = SharedFiles.calicoVectors();
    vectors = SelectorVectors.read(file);
  }

  @Test
  void theFileHoldsEveryKindOfVectorAndAllOfThemAreRead() throws IOException {
    // Counted on the raw text, independently of the reader: one "selector" key per vector.
    long selectorKeys =
        Pattern.compile("\"selector\"\\s*:").matcher(Files.readString(file)).results().count();
    assertThat(vectors.size()).isEqualTo(selectorKeys).isGreaterThan(100);
    assertThat(vectors.match()).isNotEmpty();
    assertThat(vectors.errors()).isNotEmpty();
    assertThat(vectors.canonical()).isNotEmpty();
    assertThat(vectors.valid()).isNotEmpty();
  }

  @TestFactory
  List<DynamicTest> matchVectorsEvaluateAsCalicoDoes() {
    List<DynamicTest> tests = new ArrayList<>();
    for (SelectorVectors.Match v : vectors.match()) {
      tests.add(
          dynamicTest(
              Json.quote(v.selector()) + " on " + v.labels() + " is " + v.matches(),
              () ->
                  assertThat(Selector.parse(v.selector()).matches(v.labels()))
                      .as("%s (from %s)", v.selector(), v.from())
                      .isEqualTo(v.matches())));
    }
    return tests;
  }

  @TestFactory
  List<DynamicTest> errorVectorsAreRejectedWithAnOffsetInsideTheText() {
    List<DynamicTest> tests = new ArrayList<>();
    for (SelectorVectors.Invalid v : vectors.errors()) {
      tests.add(
          dynamicTest(
              Json.quote(v.selector()) + " is rejected",
              () ->
                  assertThatThrownBy(() -> Selector.parse(v.selector()))
                      .as("%s (from %s)", v.selector(), v.from())
                      .isInstanceOfSatisfying(
                          SelectorSyntaxException.class,
                          e -> {
                            assertThat(e.offset()).isBetween(0, v.selector().length());
                            assertThat(e.input()).isEqualTo(v.selector());
                            assertThat(e.getMessage()).startsWith("expected ");
                          })));
    }
    return tests;
  }

  @TestFactory
  List<DynamicTest> canonicalVectorsPrintExactlyAndParseBackEqual() {
    List<DynamicTest> tests = new ArrayList<>();
    for (SelectorVectors.Canonical v : vectors.canonical()) {
      tests.add(
          dynamicTest(
              Json.quote(v.selector()) + " prints " + v.canonical(),
              () -> {
                Selector parsed = Selector.parse(v.selector());
                assertThat(parsed.toString()).as("from %s", v.from()).isEqualTo(v.canonical());
                assertThat(Selector.parse(v.canonical())).isEqualTo(parsed);
              }));
    }
    return tests;
  }

  @TestFactory
  List<DynamicTest> validVectorsParseAndRoundTrip() {
    List<DynamicTest> tests = new ArrayList<>();
    for (SelectorVectors.Valid v : vectors.valid()) {
      tests.add(
          dynamicTest(
              Json.quote(v.selector()) + " parses",
              () -> {
                Selector parsed = Selector.parse(v.selector());
                assertThat(Selector.parse(parsed.toString())).isEqualTo(parsed);
              }));
    }
    return tests;
  }

  @TestFactory
  List<DynamicTest> everyVectorChecksItselfWithoutFailure() {
    return vectors.all().stream()
        .map(
            v ->
                dynamicTest(
                    v.getClass().getSimpleName() + " " + Json.quote(v.selector()),
                    () -> assertThat(v.failure()).isEmpty()))
        .toList();
  }
}
