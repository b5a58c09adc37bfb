package io.kcap.cli;

import io.kcap.agent.AgentException;
import io.kcap.agent.sandbox.Ipv4Cidr;
import io.kcap.agent.sandbox.PodsFile;
import io.kcap.agent.sandbox.SandboxState;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kcap sandbox up -f pods.yaml}. */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Make the pods listed in a pods file and print them. Running it again with the same file"
          + " changes nothing; a different sandbox must be taken down first. If a step fails,"
          + " everything made so far is removed again.",
      "",
      "Pods file:",
      "  pods:",
      "    - {name: web-1, namespace: shop, labels: {app: web}}",
      "    - {name: db-1, namespace: shop, labels: {app: db}, serviceAccount: db}",
      ""
    })
final class SandboxUpCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin StateDirOption stateDir;

  @Option(
      names = {"-f", "--file"},
      required = true,
      paramLabel = "FILE",
      description =
          "YAML pods file: a list under `pods:` of {name, namespace (default \"default\"), labels,"
              + " serviceAccount (default \"default\")}.")
  Path file;

  @Option(
      names = "--cidr",
      paramLabel = "CIDR",
      defaultValue = "10.240.0.0/16",
      description =
          "Private IPv4 range the pods' addresses come from (default: ${DEFAULT-VALUE}). It must"
              + " not overlap any route of the host.")
  String cidr;

  @Override
  public Integer call() {
    Ipv4Cidr range = Ipv4Cidr.parse(cidr);
    try {
      var pods = PodsFile.read(file);
      SandboxCommand.requireRoot("up");
      SandboxState state = SandboxCommand.sandbox(stateDir.path()).up(pods, range);
      SandboxCommand.printTable(spec.commandLine().getOut(), state);
      return 0;
    } catch (AgentException e) {
      throw SandboxCommand.failure(e);
    }
  }
}
