package io.kcap.cli;

import io.kcap.agent.AgentException;
import io.kcap.agent.sandbox.Capabilities;
import io.kcap.agent.sandbox.CommandRunner;
import io.kcap.agent.sandbox.Sandbox;
import io.kcap.agent.sandbox.SandboxPod;
import io.kcap.agent.sandbox.SandboxState;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kcap sandbox}: standalone pods made of network namespaces, wired as Calico wires pods. */
@Command(
    name = "sandbox",
    mixinStandardHelpOptions = true,
    description = {
      "Make standalone \"pods\" on this machine: network namespaces joined to the host by cali*"
          + " veth pairs and routed through it, as on a Calico node. The standalone agent"
          + " captures them like Kubernetes pods.",
      "Needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN) to make, remove and enter pods; turns on"
          + " net.ipv4.ip_forward while pods are up."
    },
    subcommands = {
      SandboxUpCommand.class,
      SandboxListCommand.class,
      SandboxIpCommand.class,
      SandboxExecCommand.class,
      SandboxDownCommand.class
    })
final class SandboxCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static Sandbox sandbox(Path stateDirectory) {
    return new Sandbox(stateDirectory, CommandRunner.system(), Sandbox.localNode());
  }

  /** Fails with one line unless this process may change the host's network. */
  static void requireRoot(String command) {
    if (!Capabilities.ofThisProcess().canManageSandbox()) {
      throw new CliException(
          "kcap sandbox "
              + command
              + " needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN) to manage network namespaces;"
              + " run it as root or with sudo",
          77);
    }
  }

  /** The agent's problems, one {@code kcap:} line each. */
  static CliException failure(AgentException e) {
    return new CliException(e.getMessage().replace("\n", "\nkcap: "), 1);
  }

  static SandboxState current(Sandbox sandbox, Path stateDirectory) {
    try {
      return sandbox
          .current()
          .orElseThrow(
              () ->
                  new CliException(
                      "no sandbox in "
                          + stateDirectory
                          + "; make one with `kcap sandbox up -f pods.yaml`"));
    } catch (AgentException e) {
      throw failure(e);
    }
  }

  /** The pod named {@code NAMESPACE/NAME} (or {@code NAME} in namespace default). */
  static SandboxPod pod(SandboxState state, String qualifiedName, Path stateDirectory) {
    String[] parts = qualifiedName.split("/", -1);
    if (parts.length > 2 || parts[parts.length - 1].isEmpty() || parts[0].isEmpty()) {
      throw new IllegalArgumentException(
          "\"" + qualifiedName + "\" is not a pod; expected NAMESPACE/NAME, like shop/web-1");
    }
    String namespace = parts.length == 2 ? parts[0] : "default";
    String name = parts[parts.length - 1];
    return state
        .find(namespace, name)
        .orElseThrow(
            () ->
                new CliException(
                    "no pod " + namespace + "/" + name + " in the sandbox in " + stateDirectory));
  }

  /** The pods as a table of aligned columns, as kubectl prints resources. */
  static void printTable(PrintWriter out, SandboxState state) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("NAMESPACE", "NAME", "IP", "INTERFACE"));
    for (SandboxPod pod : state.pods()) {
      rows.add(List.of(pod.namespace(), pod.name(), pod.ip(), pod.interfaceName()));
    }
    int[] widths = new int[4];
    for (List<String> row : rows) {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < widths.length; i++) {
        line.append(i < widths.length - 1 ? pad(row.get(i), widths[i] + 3) : row.get(i));
      }
      out.println(line);
    }
    out.flush();
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(width - text.length());
  }
}
