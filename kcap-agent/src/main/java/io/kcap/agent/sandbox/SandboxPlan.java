package io.kcap.agent.sandbox;

import io.kcap.agent.AgentException;
import io.kcap.agent.endpoint.CalicoNames;
import io.kcap.agent.internal.Hashes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The commands that turn a pods file into pods wired the way a Calico node wires them, decided
 * before anything runs. Each pod gets:
 *
 * <ul>
 *   <li>a network namespace and a veth pair: {@code eth0} inside, {@code cali…} on the host;
 *   <li>a /32 address on {@code eth0}, and a default route via 169.254.1.1, a link-local next hop
 *       that exists nowhere: the host's {@code cali…} side answers ARP for it by proxy ARP;
 *   <li>a /32 host route to the pod through its {@code cali…} interface.
 * </ul>
 *
 * So pods reach one another only through the host's routing, as on a Calico node, which needs the
 * host to forward IPv4.
 *
 * @param state what the sandbox will be once every step has run
 * @param steps the commands in order, each with the command that undoes it
 */
public record SandboxPlan(SandboxState state, List<Step> steps) {
  /** Calico's next hop for every pod: link-local, so it never collides with a real address. */
  static final String GATEWAY = "169.254.1.1";

  /** Longest netns name kept readable; longer ones are shortened and made unique by a hash. */
  private static final int NETNS_NAME_MAX = 63;

  public SandboxPlan {
    Objects.requireNonNull(state, "state");
    steps = List.copyOf(steps);
  }

  /**
   * One command, and the command that undoes it when a later step fails (empty when undoing an
   * earlier step already undoes this one).
   */
  public record Step(List<String> command, List<String> undo) {
    public Step {
      command = List.copyOf(command);
      undo = List.copyOf(undo);
    }

    static Step of(String... command) {
      return new Step(List.of(command), List.of());
    }

    Step undoneBy(String... undo) {
      return new Step(command, List.of(undo));
    }
  }

  /**
   * Plans {@code pods} on {@code host} with addresses from {@code cidr}.
   *
   * @throws AgentException listing every reason the host cannot take these pods (the range is not
   *     private, overlaps a host route or is too small; a name is taken)
   */
  public static SandboxPlan plan(List<PodSpec> pods, Ipv4Cidr cidr, HostNetwork host) {
    if (pods.isEmpty()) {
      throw new IllegalArgumentException("no pods to make");
    }
    List<String> problems = new ArrayList<>(rangeProblems(pods.size(), cidr, host));
    long firstIndex = cidr.prefixLength() >= 31 ? 0 : 1;
    Map<String, String> interfaceOwners = new HashMap<>();
    List<SandboxPod> made = new ArrayList<>();
    for (int i = 0; i < pods.size(); i++) {
      PodSpec spec = pods.get(i);
      String iface = CalicoNames.vethNameForWorkload(spec.namespace(), spec.name());
      String netns = netnsName(spec.namespace(), spec.name());
      String owner = interfaceOwners.putIfAbsent(iface, spec.qualifiedName());
      if (owner != null) {
        problems.add(
            "pods "
                + owner
                + " and "
                + spec.qualifiedName()
                + " hash to the same interface "
                + iface);
      }
      if (host.links().contains(iface)) {
        problems.add(
            "interface "
                + iface
                + " for "
                + spec.qualifiedName()
                + " already exists on this host (a sandbox in another state directory?)");
      }
      if (host.netns().contains(netns)) {
        problems.add(
            "network namespace "
                + netns
                + " for "
                + spec.qualifiedName()
                + " already exists (a sandbox in another state directory?)");
      }
      String ip = i + firstIndex < cidr.size() ? cidr.address(i + firstIndex) : "";
      made.add(new SandboxPod(spec, ip, iface, netns));
    }
    if (!problems.isEmpty()) {
      throw new AgentException(String.join("\n", problems));
    }
    List<Step> steps = new ArrayList<>();
    if (!host.ipForward().equals("1")) {
      steps.add(
          Step.of("sysctl", "-q", "-w", "net.ipv4.ip_forward=1")
              .undoneBy("sysctl", "-q", "-w", "net.ipv4.ip_forward=" + host.ipForward()));
    }
    for (SandboxPod pod : made) {
      steps.addAll(podSteps(pod));
    }
    return new SandboxPlan(new SandboxState(cidr, host.ipForward(), made), steps);
  }

  private static List<String> rangeProblems(int podCount, Ipv4Cidr cidr, HostNetwork host) {
    List<String> problems = new ArrayList<>();
    if (!cidr.isPrivate()) {
      problems.add(
          "range "
              + cidr
              + " is not inside a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)");
    }
    long room = cidr.prefixLength() >= 31 ? cidr.size() : cidr.size() - 2;
    if (podCount > room) {
      problems.add(
          "range "
              + cidr
              + " has room for "
              + room
              + " pods, fewer than the "
              + podCount
              + " asked");
    }
    host.routes().stream()
        .filter(route -> route.destination().overlaps(cidr))
        .limit(3)
        .forEach(
            route ->
                problems.add(
                    "range "
                        + cidr
                        + " overlaps the host route \""
                        + route.line()
                        + "\"; choose a free range with --cidr"));
    return problems;
  }

  private static List<Step> podSteps(SandboxPod pod) {
    String ns = pod.netns();
    String cali = pod.interfaceName();
    return List.of(
        Step.of("ip", "netns", "add", ns).undoneBy("ip", "netns", "del", ns),
        // Made with its peer already inside the namespace, so no host interface is ever "eth0".
        Step.of("ip", "link", "add", cali, "type", "veth", "peer", "name", "eth0", "netns", ns)
            .undoneBy("ip", "link", "del", cali),
        Step.of("ip", "-n", ns, "link", "set", "lo", "up"),
        Step.of("ip", "-n", ns, "addr", "add", pod.ip() + "/32", "dev", "eth0"),
        Step.of("ip", "-n", ns, "link", "set", "eth0", "up"),
        Step.of("ip", "-n", ns, "route", "add", GATEWAY, "dev", "eth0", "scope", "link"),
        Step.of("ip", "-n", ns, "route", "add", "default", "via", GATEWAY, "dev", "eth0"),
        Step.of("sysctl", "-q", "-w", "net.ipv4.conf." + cali + ".proxy_arp=1"),
        // The kernel delays proxy ARP answers by up to 0.8 s unless told not to; Calico does too.
        Step.of("sysctl", "-q", "-w", "net.ipv4.neigh." + cali + ".proxy_delay=0"),
        Step.of("ip", "link", "set", cali, "up"),
        Step.of("ip", "route", "add", pod.ip() + "/32", "dev", cali, "scope", "link"));
  }

  /**
   * {@code kcap-NAMESPACE.NAME}: the dot cannot occur in a namespace, so no two pods share a name.
   * Names past 63 characters keep a readable start and end with a hash of the whole.
   */
  static String netnsName(String namespace, String name) {
    String full = "kcap-" + namespace + "." + name;
    if (full.length() <= NETNS_NAME_MAX) {
      return full;
    }
    return full.substring(0, NETNS_NAME_MAX - 12)
        + "-"
        + Hashes.sha1Hex(namespace + "." + name).substring(0, 11);
  }
}
