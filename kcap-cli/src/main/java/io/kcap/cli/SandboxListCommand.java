package io.kcap.cli;

import io.kcap.agent.AgentException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kcap sandbox list}. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "Print the sandbox's pods: namespace, name, IP and host-side interface.")
final class SandboxListCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin StateDirOption stateDir;

  @Override
  public Integer call() {
    Path directory = stateDir.path();
    try {
      var state = SandboxCommand.sandbox(directory).current();
      if (state.isEmpty()) {
        spec.commandLine().getOut().println("no sandbox in " + directory);
        return 0;
      }
      SandboxCommand.printTable(spec.commandLine().getOut(), state.get());
      return 0;
    } catch (AgentException e) {
      throw SandboxCommand.failure(e);
    }
  }
}
