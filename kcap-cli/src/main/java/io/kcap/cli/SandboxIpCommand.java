package io.kcap.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kcap sandbox ip NS/NAME}. */
@Command(
    name = "ip",
    mixinStandardHelpOptions = true,
    description = "Print a sandbox pod's IP address, e.g. ping $(kcap sandbox ip shop/web-1).")
final class SandboxIpCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin StateDirOption stateDir;

  @Parameters(
      index = "0",
      paramLabel = "NAMESPACE/NAME",
      description = "The pod (a NAME alone is in namespace \"default\").")
  String pod;

  @Override
  public Integer call() {
    Path directory = stateDir.path();
    var state = SandboxCommand.current(SandboxCommand.sandbox(directory), directory);
    spec.commandLine().getOut().println(SandboxCommand.pod(state, pod, directory).ip());
    spec.commandLine().getOut().flush();
    return 0;
  }
}
