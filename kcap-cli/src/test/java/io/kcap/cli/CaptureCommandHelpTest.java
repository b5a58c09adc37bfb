package io.kcap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;

class CaptureCommandHelpTest {

  @ParameterizedTest
  @ValueSource(strings = {"apply", "get", "delete", "copy", "clean", "demo"})
  void helpExplainsEveryOptionAndParameter(String name) {
    StringWriter out = new StringWriter();
    CommandLine kcap =
        KcapMain.commandLine(new PrintWriter(out), new PrintWriter(new StringWriter()));
    CommandLine command = kcap.getSubcommands().get(name);

    int exitCode = kcap.execute(name, "--help");

    assertThat(exitCode).isZero();
    assertThat(command.getCommandSpec().args())
        .allSatisfy(
            (ArgSpec arg) ->
                assertThat(String.join(" ", arg.description()))
                    .as(name + " " + arg.paramLabel())
                    .isNotBlank());
    assertThat(out.toString()).startsWith("Usage: kcap " + name).contains("--help");
  }
}
