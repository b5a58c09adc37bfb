package io.kcap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The workload the launcher trains its AOT cache on keeps working as the commands change. */
class AotTrainingTest {
  @TempDir Path dir;

  @Test
  void everyTrainingCommandLineSucceeds() {
    List<List<String>> commands = new ArrayList<>(AotTraining.help());
    commands.addAll(AotTraining.pcapTools(dir));

    for (List<String> command : commands) {
      StringWriter err = new StringWriter();
      int exitCode =
          KcapMain.execute(
              command.toArray(String[]::new),
              new PrintWriter(new StringWriter()),
              new PrintWriter(err, true));
      assertThat(exitCode).as(String.join(" ", command) + ": " + err).isZero();
    }
  }

  @Test
  void thePcapToolsTrainOnTheFilterWithAnExpressionAndTheMergeOnGeneratedCaptures() {
    List<List<String>> commands = AotTraining.pcapTools(dir);

    assertThat(commands)
        .anySatisfy(c -> assertThat(c).startsWith("pcap", "filter").endsWith("udp"))
        .anySatisfy(c -> assertThat(c).startsWith("pcap", "merge"))
        .allSatisfy(c -> assertThat(c).startsWith("pcap").doesNotContain("--help"));
  }

  @Test
  void theOtherCacheTrainsOnTheHelpOfEveryCommand() {
    assertThat(AotTraining.help())
        .contains(List.of("--help"))
        .containsAll(KcapMain.SUBCOMMANDS.stream().map(s -> List.of(s.name(), "--help")).toList());
  }
}
