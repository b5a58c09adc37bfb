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
  void everySubcommandIsListedUnderTheNameItsModelGives() throws Exception {
    assertNamedAsDeclared(KcapMain.SUBCOMMANDS);
    assertThat(PcapCommand.SUBCOMMANDS).isNotEmpty();
  }

  private static void assertNamedAsDeclared(List<KcapMain.Subcommand> subcommands)
      throws Exception {
    for (KcapMain.Subcommand subcommand : subcommands) {
      if (CodedCommand.class.isAssignableFrom(subcommand.type())) {
        CodedCommand coded = (CodedCommand) new KcapMain.Wiring().create(subcommand.type());
        assertThat(coded.model().name()).isEqualTo(subcommand.name());
        assertThat(subcommand.type().getAnnotation(Command.class)).isNull();
      } else {
        Command command = subcommand.type().getAnnotation(Command.class);
        assertThat(command.name()).isEqualTo(subcommand.name());
        // A group lists its subcommands in one place only.
        assertThat(subcommand.subcommands().isEmpty() || command.subcommands().length == 0)
            .as(subcommand.name())
            .isTrue();
      }
      assertNamedAsDeclared(subcommand.subcommands());
    }
    assertThat(names(subcommands)).doesNotHaveDuplicates();
  }

  @Test
  void theWholeCommandLineHasEverySubcommandInHelpOrder() {
    CommandLine cli =
        KcapMain.commandLine(
            new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));

    assertThat(cli.getSubcommands().keySet())
        .containsExactlyElementsOf(names(KcapMain.SUBCOMMANDS));
    assertThat(cli.getSubcommands().get("pcap").getSubcommands().keySet())
        .containsExactlyElementsOf(names(PcapCommand.SUBCOMMANDS));
  }

  @Test
  void aPcapToolRunBuildsOnlyThatTool() {
    List<KcapMain.Subcommand> reached =
        KcapMain.subcommandsFor(new String[] {"pcap", "filter", "-r", "in", "-w", "out", "udp"});

    assertThat(names(reached)).containsExactly("pcap");
    assertThat(names(reached.getFirst().subcommands())).containsExactly("filter");
  }

  @Test
  void thePcapGroupWithoutAToolNameSeesEveryTool() {
    for (String[] args :
        List.of(
            new String[] {"pcap"}, new String[] {"pcap", "--help"}, new String[] {"pcap", "x"})) {
      assertThat(names(KcapMain.subcommandsFor(args).getFirst().subcommands()))
          .as(String.join(" ", args))
          .containsExactlyElementsOf(names(PcapCommand.SUBCOMMANDS));
    }
  }

  @Test
  void pcapHelpListsEveryVisibleToolAsBefore() {
    Run run = kcap("pcap", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .startsWith("Usage: kcap pcap")
        .containsPattern("(?m)^  info ")
        .containsPattern("(?m)^  filter ")
        .containsPattern("(?m)^  merge ")
        .doesNotContain("generate");
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
