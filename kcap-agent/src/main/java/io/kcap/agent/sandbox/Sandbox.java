package io.kcap.agent.sandbox;

import io.kcap.agent.AgentException;
import io.kcap.agent.endpoint.Inventory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Standalone "pods": network namespaces wired to the host the way Calico wires pods (see {@link
 * SandboxPlan}), so that kcap can be tried, tested and demonstrated on one machine without a
 * cluster.
 *
 * <p>The sandbox keeps two files in the state directory: {@code sandbox.yaml} ({@link
 * SandboxState}), what it made, and {@code inventory.yaml} ({@link Inventory}), the pods as
 * endpoints for the standalone agent.
 *
 * {@snippet :
 * Sandbox sandbox = new Sandbox(stateDir, CommandRunner.system(), Sandbox.localNode());
 * SandboxState state = sandbox.up(PodsFile.read(podsYaml), Sandbox.DEFAULT_CIDR);
 * // ... capture on state.pods().getFirst().interfaceName() ...
 * sandbox.down();
 * }
 */
public final class Sandbox {
  /** The range pods get their addresses from unless told otherwise. */
  public static final Ipv4Cidr DEFAULT_CIDR = Ipv4Cidr.parse("10.240.0.0/16");

  private final Path stateDirectory;
  private final CommandRunner runner;
  private final String node;

  /**
   * @param stateDirectory where {@code sandbox.yaml} and {@code inventory.yaml} are kept
   * @param runner runs the {@code ip} and {@code sysctl} commands
   * @param node this node's name, recorded in the inventory's endpoints
   */
  public Sandbox(Path stateDirectory, CommandRunner runner, String node) {
    this.stateDirectory = Objects.requireNonNull(stateDirectory, "stateDirectory");
    this.runner = Objects.requireNonNull(runner, "runner");
    this.node = Objects.requireNonNull(node, "node");
  }

  /** This machine's host name, the node name of standalone endpoints. */
  public static String localNode() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      return "localhost";
    }
  }

  /** The sandbox in the state directory, if one is up. */
  public Optional<SandboxState> current() {
    return SandboxState.readIfPresent(SandboxState.in(stateDirectory));
  }

  /**
   * Makes {@code pods} with addresses from {@code cidr} and records them. When the same pods are
   * already up in the same range it does nothing; a different sandbox is refused.
   *
   * <p>A failing step undoes every step before it, so a failed {@code up} leaves nothing behind.
   *
   * @throws AgentException saying why the sandbox cannot be made
   */
  public SandboxState up(List<PodSpec> pods, Ipv4Cidr cidr) {
    Optional<SandboxState> existing = current();
    if (existing.isPresent()) {
      if (existing.get().specs().equals(pods) && existing.get().cidr().equals(cidr)) {
        return existing.get();
      }
      throw new AgentException(
          "a different sandbox ("
              + existing.get().pods().size()
              + " pods in "
              + existing.get().cidr()
              + ") is already up in "
              + stateDirectory
              + "; run `kcap sandbox down` first");
    }
    Path inventory = Inventory.in(stateDirectory);
    if (Files.exists(inventory)) {
      throw new AgentException(
          inventory + " exists but was not made by `kcap sandbox up`; move it away first");
    }
    SandboxPlan plan = SandboxPlan.plan(pods, cidr, HostNetwork.observe(runner));
    Path stateFile = SandboxState.in(stateDirectory);
    plan.state().write(stateFile);
    List<SandboxPlan.Step> done = new ArrayList<>();
    for (SandboxPlan.Step step : plan.steps()) {
      CommandRunner.Result result = runner.run(step.command());
      if (!result.succeeded()) {
        List<String> leftovers = undo(done);
        if (leftovers.isEmpty()) {
          deleteQuietly(stateFile);
        }
        throw new AgentException(
            "could not make the sandbox: "
                + result.describe()
                + (leftovers.isEmpty()
                    ? "; undid what was made"
                    : "; could not undo everything, run `kcap sandbox down`: "
                        + String.join("; ", leftovers)));
      }
      done.add(step);
    }
    new Inventory(plan.state().pods().stream().map(p -> p.endpoint(node)).toList())
        .write(inventory);
    return plan.state();
  }

  /**
   * Removes every namespace, interface and route the sandbox made, restores {@code
   * net.ipv4.ip_forward} and deletes its files. Safe to run again: with no sandbox it does nothing.
   *
   * @return what was removed, or nothing when no sandbox was up
   * @throws AgentException when something could not be removed; the record is kept to try again
   */
  public Optional<SandboxState> down() {
    Optional<SandboxState> recorded = current();
    if (recorded.isEmpty()) {
      return Optional.empty();
    }
    SandboxState state = recorded.get();
    for (SandboxPod pod : state.pods()) {
      // Deleting the veth first removes both ends and the host route at once; deleting the
      // namespace first would leave the kernel to destroy them later, in the background.
      runner.run(List.of("ip", "link", "del", pod.interfaceName()));
      runner.run(List.of("ip", "netns", "del", pod.netns()));
    }
    HostNetwork host = HostNetwork.observe(runner);
    List<String> left = new ArrayList<>();
    for (SandboxPod pod : state.pods()) {
      if (host.links().contains(pod.interfaceName())) {
        left.add("interface " + pod.interfaceName());
      }
      if (host.netns().contains(pod.netns())) {
        left.add("network namespace " + pod.netns());
      }
    }
    if (!left.isEmpty()) {
      throw new AgentException("could not remove " + String.join(", ", left));
    }
    // Other cali interfaces mean another sandbox (or Calico itself) still routes through the host.
    boolean othersRouted = host.links().stream().anyMatch(link -> link.startsWith("cali"));
    if (!state.ipForwardBefore().equals(host.ipForward()) && !othersRouted) {
      CommandRunner.Result restored =
          runner.run(
              List.of("sysctl", "-q", "-w", "net.ipv4.ip_forward=" + state.ipForwardBefore()));
      if (!restored.succeeded()) {
        throw new AgentException("could not restore net.ipv4.ip_forward: " + restored.describe());
      }
    }
    deleteQuietly(Inventory.in(stateDirectory));
    deleteQuietly(SandboxState.in(stateDirectory));
    return recorded;
  }

  /** The command line that runs {@code command} inside {@code pod}'s network namespace. */
  public static List<String> execCommand(SandboxPod pod, List<String> command) {
    if (command.isEmpty()) {
      throw new IllegalArgumentException("no command to run in " + pod.qualifiedName());
    }
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", pod.netns()));
    full.addAll(command);
    return List.copyOf(full);
  }

  private List<String> undo(List<SandboxPlan.Step> done) {
    List<String> failures = new ArrayList<>();
    for (SandboxPlan.Step step : done.reversed()) {
      if (!step.undo().isEmpty()) {
        CommandRunner.Result result = runner.run(step.undo());
        if (!result.succeeded()) {
          failures.add(result.describe());
        }
      }
    }
    return failures;
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new AgentException(file + ": cannot delete: " + e.getMessage(), e);
    }
  }
}
