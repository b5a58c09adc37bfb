package io.kcap.cli;

import io.kcap.agent.AgentException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kcap sandbox down}. */
@Command(
    name = "down",
    mixinStandardHelpOptions = true,
    description =
        "Remove every network namespace, interface and route the sandbox made, restore"
            + " net.ipv4.ip_forward (unless other cali* interfaces still need it) and delete the"
            + " sandbox's files. Safe to run again.")
final class SandboxDownCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin StateDirOption stateDir;

  @Override
  public Integer call() {
    Path directory = stateDir.path();
    SandboxCommand.requireRoot("down");
    try {
      var removed = SandboxCommand.sandbox(directory).down();
      spec.commandLine()
          .getOut()
          .println(
              removed
                  .map(state -> "removed the sandbox's " + state.pods().size() + " pods")
                  .orElse("no sandbox in " + directory));
      spec.commandLine().getOut().flush();
      return 0;
    } catch (AgentException e) {
      throw SandboxCommand.failure(e);
    }
  }
}
