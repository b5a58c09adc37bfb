package io.kcap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** How {@code kcap} builds its command tree: whole for help, only what a run needs otherwise. */
class KcapMainTest {

  /** Exit code and what was printed. */
  private record Run(int exitCode, String out, String err) {}

  private static Run kcap(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode = KcapMain.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(exitCode, out.toString(), err.toString());
  }

  private static List<String> names(List<KcapMain.Subcommand> subcommands) {
    return subcommands.stream().map(KcapMain.Subcommand::name).toList();
  }

  @Test
  void everySubcommandIsListedUnderTheNameItsAnnotationGives() {
    assertThat(KcapMain.SUBCOMMANDS)
        .allSatisfy(
            subcommand ->
                assertThat(subcommand.type().getAnnotation(Command.class).name())
                    .isEqualTo(subcommand.name()));
    assertThat(names(KcapMain.SUBCOMMANDS)).doesNotHaveDuplicates();
  }

  @Test
  void theWholeCommandLineHasEverySubcommandInHelpOrder() {
    CommandLine cli =
        KcapMain.commandLine(
            new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));

    assertThat(cli.getSubcommands().keySet())
        .containsExactlyElementsOf(names(KcapMain.SUBCOMMANDS));
  }

  @ParameterizedTest
  @ValueSource(strings = {"pcap", "validate", "selector", "capture", "get", "demo"})
  void aCommandLineNamingItsSubcommandFirstBuildsOnlyThatOne(String name) {
    assertThat(names(KcapMain.subcommandsFor(new String[] {name, "--help"}))).containsExactly(name);
  }

  @Test
  void helpMisspeltNamesAndOptionsFirstSeeEverySubcommand() {
    for (String[] args :
        List.of(
            new String[] {},
            new String[] {"--help"},
            new String[] {"help", "pcap"},
            new String[] {"pcapp", "info"},
            new String[] {"-h", "pcap"},
            new String[] {"--version", "pcap"})) {
      assertThat(KcapMain.subcommandsFor(args)).as(String.join(" ", args)).hasSize(13);
    }
  }

  @Test
  void aLoneVersionRequestBuildsNoSubcommand() {
    assertThat(KcapMain.subcommandsFor(new String[] {"--version"})).isEmpty();
    assertThat(KcapMain.subcommandsFor(new String[] {"-V"})).isEmpty();

    Run run = kcap("--version");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("kcap ");
  }

  @Test
  void rootHelpStillListsEverySubcommand() {
    Run run = kcap("--help");

    assertThat(run.exitCode()).isZero();
    for (String name : names(KcapMain.SUBCOMMANDS)) {
      assertThat(run.out()).containsPattern("(?m)^  " + name + " ");
    }
  }

  @Test
  void helpOfOneSubcommandIsTheSameAsFromTheWholeTree() {
    StringWriter whole = new StringWriter();
    CommandLine cli =
        KcapMain.commandLine(new PrintWriter(whole, true), new PrintWriter(new StringWriter()));
    cli.execute("pcap", "filter", "--help");

    Run run = kcap("pcap", "filter", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo(whole.toString()).startsWith("Usage: kcap pcap filter");
  }

  @Test
  void aMisspeltSubcommandIsAnsweredWithTheWholeTree() {
    Run run = kcap("pcapp");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Unmatched argument at index 0: 'pcapp'").contains("pcap");
  }
}
