package io.kcap.cli;

import io.kcap.agent.sandbox.Sandbox;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kcap sandbox exec NS/NAME -- CMD...}. */
@Command(
    name = "exec",
    mixinStandardHelpOptions = true,
    description = {
      "Run a command inside a sandbox pod's network namespace and exit with its exit code, e.g.",
      "  kcap sandbox exec shop/web-1 -- ping -c 3 $(kcap sandbox ip shop/db-1)",
      "Standard input is the command's; on a terminal so are its outputs, otherwise they are"
          + " passed on as they come."
    })
final class SandboxExecCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin StateDirOption stateDir;

  @Parameters(
      index = "0",
      paramLabel = "NAMESPACE/NAME",
      description = "The pod (a NAME alone is in namespace \"default\").")
  String pod;

  @Parameters(
      index = "1..*",
      arity = "1..*",
      paramLabel = "COMMAND",
      description = "The command and its arguments; put -- before it when it has options.")
  List<String> command;

  @Override
  public Integer call() throws IOException, InterruptedException {
    Path directory = stateDir.path();
    var state = SandboxCommand.current(SandboxCommand.sandbox(directory), directory);
    var target = SandboxCommand.pod(state, pod, directory);
    SandboxCommand.requireRoot("exec");
    ProcessBuilder builder =
        new ProcessBuilder(Sandbox.execCommand(target, command))
            .redirectInput(ProcessBuilder.Redirect.INHERIT);
    Console console = System.console();
    if (console != null && console.isTerminal()) {
      // A shell or a pager in the pod needs the terminal itself, not a pipe.
      return builder.inheritIO().start().waitFor();
    }
    Process process = builder.start();
    Thread errors =
        Thread.ofVirtual()
            .start(() -> relay(process.getErrorStream(), spec.commandLine().getErr()));
    relay(process.getInputStream(), spec.commandLine().getOut());
    errors.join();
    return process.waitFor();
  }

  private static void relay(InputStream from, PrintWriter to) {
    try (Reader reader = new InputStreamReader(from, Charset.defaultCharset())) {
      char[] buffer = new char[8192];
      int n;
      while ((n = reader.read(buffer)) >= 0) {
        to.write(buffer, 0, n);
        to.flush();
      }
    } catch (IOException e) {
      to.println("kcap: lost the command's output: " + e.getMessage());
      to.flush();
    }
  }
}
