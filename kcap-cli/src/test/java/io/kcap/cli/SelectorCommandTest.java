package io.kcap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcap.testkit.SharedFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SelectorCommandTest {

  /** Exit code and what was printed, split into lines. */
  private record Run(int exitCode, List<String> out, List<String> err) {}

  private static Run kcap(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode = KcapMain.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(exitCode, lines(out), lines(err));
  }

  private static List<String> lines(StringWriter writer) {
    String text = writer.toString();
    return text.isEmpty() ? List.of() : List.of(text.split("\n"));
  }

  @Test
  void checkPassesEveryCalicoVector() throws IOException {
    Path vectors = SharedFiles.calicoVectors();
    long count =
        Pattern.compile("\"selector\"\\s*:").matcher(Files.readString(vectors)).results().count();
    Run run = kcap("selector", "check", vectors.toString());
    assertThat(run.out()).containsExactly(count + " passed, 0 failed");
    assertThat(run.err()).isEmpty();
    assertThat(run.exitCode()).isZero();
    assertThat(count).isGreaterThan(100);
  }

  @Test
  void checkReportsEachWrongVectorAndExitsOne(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("wrong.json");
    Files.writeString(
        file,
        """
        {
          "match": [
            {"selector": "a == 'b'", "labels": {"a": "b"}, "matches": true},
            {"selector": "a != 'b'", "labels": {}, "matches": false, "from": "made up"}
          ],
          "errors": [{"selector": "has(a)"}],
          "canonical": [{"selector": "a in {'y', 'x'}", "canonical": "a in {'y', 'x'}"}],
          "valid": [{"selector": "a = 'b'"}]
        }
        """);
    Run run = kcap("selector", "check", file.toString());
    assertThat(run.out())
        .containsExactly(
            "match[1] \"a != 'b'\" on {}: expected false, got true (from made up)",
            "errors[0] \"has(a)\": expected a syntax error, got \"has(a)\"",
            "canonical[0] \"a in {'y', 'x'}\": expected canonical \"a in {'y', 'x'}\","
                + " got \"a in {\\\"x\\\", \\\"y\\\"}\"",
            "valid[0] \"a = 'b'\": expected to parse, got syntax error: expected an operator"
                + " (==, !=, in, not in, contains, starts with, ends with) after label 'a' at"
                + " offset 2, found '='",
            "1 passed, 4 failed");
    assertThat(run.exitCode()).isEqualTo(1);
  }

  @Test
  void checkOfAMissingFileIsOneLineAndExitTwo(@TempDir Path dir) {
    Path missing = dir.resolve("missing.json");
    Run run = kcap("selector", "check", missing.toString());
    assertThat(run.err()).containsExactly("kcap: " + missing + ": no such file");
    assertThat(run.out()).isEmpty();
    assertThat(run.exitCode()).isEqualTo(2);
  }

  @Test
  void checkOfInvalidJsonIsOneLineAndExitTwo(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("broken.json");
    Files.writeString(file, "{\"match\": [\n  {\"selector\": \"a\",}\n]}");
    Run run = kcap("selector", "check", file.toString());
    assertThat(run.err())
        .containsExactly(
            "kcap: "
                + file
                + ": invalid JSON at line 2, column 20: expected a member name in double quotes,"
                + " found '}'");
    assertThat(run.exitCode()).isEqualTo(2);
  }

  @Test
  void checkOfJsonOutsideTheFormatIsOneLineAndExitTwo(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("shape.json");
    Files.writeString(file, "{\"match\": [{\"selector\": \"a == 'b'\", \"labels\": {}}]}");
    Run run = kcap("selector", "check", file.toString());
    assertThat(run.err()).containsExactly("kcap: " + file + ": match[0]: missing \"matches\"");
    assertThat(run.exitCode()).isEqualTo(2);
  }

  @Test
  void matchPrintsTrueOrFalse() {
    assertThat(kcap("selector", "match", "app == 'web' && !has(canary)", "app=web", "tier=front"))
        .isEqualTo(new Run(0, List.of("true"), List.of()));
    assertThat(kcap("selector", "match", "app == 'web' && !has(canary)", "app=web", "canary="))
        .isEqualTo(new Run(0, List.of("false"), List.of()));
    assertThat(kcap("selector", "match", "a != 'x'"))
        .isEqualTo(new Run(0, List.of("true"), List.of()));
    assertThat(kcap("selector", "match", "", "a=b"))
        .isEqualTo(new Run(0, List.of("true"), List.of()));
  }

  @Test
  void matchSplitsALabelAtItsFirstEquals() {
    assertThat(kcap("selector", "match", "a == 'x=y'", "a=x=y").out()).containsExactly("true");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      value = {
        "app       ; kcap: label 'app' is not KEY=VALUE",
        "=web      ; kcap: label '=web' has an empty key",
        "a=1 a=2   ; kcap: label 'a' is given twice",
      })
  void aLabelArgumentThatIsNotKeyEqualsValueIsAClearError(String labels, String message) {
    List<String> args = new ArrayList<>(List.of("selector", "match", "has(a)"));
    args.addAll(List.of(labels.split(" ")));
    Run run = kcap(args.toArray(String[]::new));
    assertThat(run.err()).containsExactly(message);
    assertThat(run.out()).isEmpty();
    assertThat(run.exitCode()).isEqualTo(2);
  }

  @Test
  void canonicalPrintsCalicosSpelling() {
    assertThat(kcap("selector", "canonical", "a startswith 'x'&&b in {'z','y','z'}"))
        .isEqualTo(new Run(0, List.of("(a starts with \"x\" && b in {\"y\", \"z\"})"), List.of()));
    assertThat(kcap("selector", "canonical", " ").out()).containsExactly("all()");
  }

  @Test
  void aSyntaxErrorShowsTheSelectorACaretUnderTheOffsetAndTheMessage() {
    for (String command : List.of("canonical", "match")) {
      Run run = kcap("selector", command, "a == 'b' && c == d");
      assertThat(run.err())
          .containsExactly(
              "a == 'b' && c == d",
              "                 ^",
              "expected a quoted string at offset 17, found 'd'");
      assertThat(run.out()).isEmpty();
      assertThat(run.exitCode()).isEqualTo(2);
    }
  }

  @Test
  void theCaretKeepsTabsAndCountsCharactersNotUtf16Units() {
    Run run = kcap("selector", "canonical", "\ta == '\uD83D\uDE00' b");
    assertThat(run.err())
        .containsExactly(
            "\ta == '\uD83D\uDE00' b",
            "\t         ^",
            "expected '&&', '||' or the end of the selector at offset 11, found 'b'");
  }

  @Test
  void aLineBreakIsShownAsASpaceSoTheCaretStaysInItsColumn() {
    Run run = kcap("selector", "canonical", "a == 'b'\n&& c == 'd'");
    assertThat(run.err())
        .containsExactly(
            "a == 'b' && c == 'd'",
            "        ^",
            "expected '&&', '||' or the end of the selector at offset 8, found a line break");
  }

  @Test
  void aSelectorBeginningWithADashFollowsDoubleDash() {
    assertThat(kcap("selector", "match", "--", "-x == 'y'", "-x=y").out()).containsExactly("true");
  }

  @Test
  void theGroupWithoutASubcommandListsItsSubcommands() {
    Run run = kcap("selector");
    assertThat(String.join("\n", run.out())).contains("match", "canonical", "check");
    assertThat(run.exitCode()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"match", "canonical", "check"})
  void helpExplainsEveryParameter(String command) {
    Run run = kcap("selector", command, "--help");
    String help = String.join("\n", run.out());
    assertThat(run.exitCode()).isZero();
    assertThat(help).contains(command.equals("check") ? "FILE" : "SELECTOR");
    if (command.equals("match")) {
      assertThat(help).contains("KEY=VALUE");
    }
    assertThat(help).contains("--help", "--version");
  }

  @Test
  void kcapListsTheSelectorGroup() {
    assertThat(String.join("\n", kcap("--help").out())).contains("selector");
  }
}
