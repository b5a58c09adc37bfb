package io.kcap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The guess that has libpcap prepared before picocli has parsed a filter command line. */
class PcapFilterCommandTest {

  private static CommandLine kcap() {
    return KcapMain.commandLine(
        new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "pcap filter -r in.pcap -w out.pcap",
        "pcap filter -r in.pcap -w out.pcap udp",
        "pcap filter udp -r in.pcap -w out.pcap",
        "pcap filter -r in.pcap -w out.pcap tcp port 443",
        "pcap filter -r - -w - -F pcapng",
        "pcap filter -r in.pcap -w out.pcap --nano --start 2024-05-01T12:00:00Z",
        "pcap filter -r in.pcap --end 2024-05-01T12:00:00Z -w out.pcap -- udp",
        "pcap filter -r in.pcap -w out.pcap --",
        "pcap filter -rin.pcap -wout.pcap",
        "pcap filter --start=2024-05-01T12:00:00Z -r in.pcap -w out.pcap icmp"
      })
  void theGuessAgreesWithPicocliOnWhetherThereIsAnExpression(String commandLine) {
    String[] args = commandLine.split(" ");
    CommandLine.ParseResult parsed = kcap().parseArgs(args);
    PcapFilterCommand filter =
        (PcapFilterCommand) parsed.subcommand().subcommand().commandSpec().userObject();

    assertThat(PcapFilterCommand.givesAnExpression(args)).isEqualTo(!filter.expression().isEmpty());
  }

  @Test
  void everyNameOfEveryOptionTakingAValueIsKnownToTheGuess() {
    Set<String> names = new HashSet<>();
    for (OptionSpec option :
        kcap()
            .getSubcommands()
            .get("pcap")
            .getSubcommands()
            .get("filter")
            .getCommandSpec()
            .options()) {
      if (option.arity().max() > 0) {
        names.addAll(Arrays.asList(option.names()));
      }
    }

    assertThat(PcapFilterCommand.OPTIONS_WITH_VALUES).containsExactlyInAnyOrderElementsOf(names);
  }

  @Test
  void otherCommandsAreNotTakenForAFilterWithAnExpression() {
    assertThat(PcapFilterCommand.givesAnExpression("pcap merge -o out a b".split(" "))).isFalse();
    assertThat(PcapFilterCommand.givesAnExpression("pcap info udp".split(" "))).isFalse();
    assertThat(PcapFilterCommand.givesAnExpression("pcap filter".split(" "))).isFalse();
  }
}
