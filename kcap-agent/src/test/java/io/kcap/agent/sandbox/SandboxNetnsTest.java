package io.kcap.agent.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcap.agent.endpoint.Endpoint;
import io.kcap.agent.endpoint.Inventory;
import io.kcap.agent.endpoint.InventoryEndpointSource;
import io.kcap.testkit.Tcpdump;
import io.kcap.testkit.Tool;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real sandbox on this machine (root): three pods in two namespaces, with names and a /24 of
 * 10.240.0.0/16 of its own so that tests running at the same time never meet.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxNetnsTest {
  @TempDir static Path state;
  private final String suffix =
      Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xFFFFF));
  private final PodSpec web = new PodSpec("shop-" + suffix, "web-1", Map.of("app", "web"));
  private final PodSpec db = new PodSpec("shop-" + suffix, "db-1", Map.of("app", "db"));
  private final PodSpec probe = new PodSpec("ops-" + suffix, "probe", Map.of("role", "probe"));
  private Sandbox sandbox;
  private SandboxState up;
  private String ipForwardBefore;

  @BeforeAll
  void up() {
    ipForwardBefore = sysctl("net.ipv4.ip_forward");
    sandbox = new Sandbox(state, CommandRunner.system(), "test-node");
    up = sandbox.up(List.of(web, db, probe), freeRange());
  }

  @AfterAll
  void down() {
    if (sandbox != null) {
      sandbox.down();
    }
    if (up != null) {
      for (SandboxPod pod : up.pods()) {
        Tool.run("ip", "link", "del", pod.interfaceName());
        Tool.run("ip", "netns", "del", pod.netns());
      }
    }
  }

  @Test
  @Order(1)
  void hostSideInterfacesHaveTheNamesCalicoGivesThePods() {
    for (SandboxPod pod : up.pods()) {
      String digest =
          Tool.output(
                  "sh",
                  "-c",
                  "printf '%s' \"$1\" | sha1sum",
                  "sh",
                  pod.namespace() + "." + pod.name())
              .substring(0, 11);
      assertThat(pod.interfaceName()).isEqualTo("cali" + digest);
      assertThat(Tool.output("ip", "-o", "link", "show", pod.interfaceName()))
          .contains(pod.interfaceName() + "@")
          .contains("state UP");
    }
  }

  @Test
  @Order(2)
  void eachPodHasItsAddressOnEth0AndCalicosDefaultRoute() {
    for (SandboxPod pod : up.pods()) {
      assertThat(Tool.output("ip", "-n", pod.netns(), "-4", "-o", "addr", "show", "eth0"))
          .contains("inet " + pod.ip() + "/32");
      assertThat(Tool.output("ip", "-n", pod.netns(), "route", "show", "default"))
          .contains("default via 169.254.1.1 dev eth0");
      assertThat(Tool.output("ip", "-4", "route", "show", pod.ip() + "/32"))
          .contains(pod.ip() + " dev " + pod.interfaceName() + " scope link");
      assertThat(sysctl("net.ipv4.conf." + pod.interfaceName() + ".proxy_arp")).isEqualTo("1");
    }
    assertThat(sysctl("net.ipv4.ip_forward")).isEqualTo("1");
  }

  @Test
  @Order(3)
  void podsReachEachOtherThroughTheHostAcrossNamespaces() {
    SandboxPod from = pod(web);
    for (SandboxPod to : List.of(pod(db), pod(probe))) {
      assertThat(ping(from, to).exitCode()).as("ping %s -> %s", from.ip(), to.ip()).isZero();
    }
    assertThat(ping(pod(probe), from).exitCode()).isZero();
  }

  @Test
  @Order(4)
  void tcpdumpOnTheHostSideInterfaceSeesThePodsTraffic() throws IOException {
    SandboxPod from = pod(web);
    SandboxPod to = pod(db);
    Path file = state.resolve("cali.pcap");
    Tcpdump tcpdump =
        Tcpdump.start(null, to.interfaceName(), file, "icmp", "and", "host", from.ip());
    try {
      assertThat(ping(from, to).exitCode()).isZero();
    } finally {
      tcpdump.close();
    }

    String packets = Tool.output("tcpdump", "-n", "-r", file.toString());
    assertThat(
            packets
                .lines()
                .filter(l -> l.contains(from.ip() + " > " + to.ip() + ": ICMP echo request")))
        .hasSize(3);
    assertThat(
            packets
                .lines()
                .filter(l -> l.contains(to.ip() + " > " + from.ip() + ": ICMP echo reply")))
        .hasSize(3);
  }

  @Test
  @Order(5)
  void theInventoryListsThePodsAsEndpointsForTheAgent() {
    List<Endpoint> endpoints =
        new InventoryEndpointSource(Inventory.in(state), "unused").snapshot().endpoints();

    assertThat(endpoints)
        .extracting(Endpoint::qualifiedName, Endpoint::interfaceName, Endpoint::ips, Endpoint::node)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                web.qualifiedName(), pod(web).interfaceName(), List.of(pod(web).ip()), "test-node"),
            org.assertj.core.groups.Tuple.tuple(
                db.qualifiedName(), pod(db).interfaceName(), List.of(pod(db).ip()), "test-node"),
            org.assertj.core.groups.Tuple.tuple(
                probe.qualifiedName(),
                pod(probe).interfaceName(),
                List.of(pod(probe).ip()),
                "test-node"));
    assertThat(endpoints.getFirst().endpointLabels())
        .containsEntry("app", "web")
        .containsEntry("projectcalico.org/namespace", web.namespace());
  }

  @Test
  @Order(100)
  void downLeavesNoNamespaceInterfaceRouteOrFileBehindAndIsSafeTwice() {
    assertThat(sandbox.down()).isPresent();

    String links = Tool.output("ip", "-o", "link", "show");
    String netns = Tool.output("ip", "netns", "list");
    String routes = Tool.output("ip", "-4", "route", "show", "table", "all");
    for (SandboxPod pod : up.pods()) {
      assertThat(links).doesNotContain(pod.interfaceName());
      assertThat(netns).doesNotContain(pod.netns());
      assertThat(routes).doesNotContain(pod.ip() + " ");
    }
    assertThat(Inventory.in(state)).doesNotExist();
    assertThat(SandboxState.in(state)).doesNotExist();
    if (links.contains(": cali")) {
      // Another sandbox still routes through this host, so forwarding must stay on.
      assertThat(sysctl("net.ipv4.ip_forward")).isEqualTo("1");
    } else {
      assertThat(sysctl("net.ipv4.ip_forward")).isEqualTo(ipForwardBefore);
    }
    assertThat(sandbox.down()).isEmpty();
  }

  private SandboxPod pod(PodSpec spec) {
    return up.find(spec.namespace(), spec.name()).orElseThrow();
  }

  private static Tool.Result ping(SandboxPod from, SandboxPod to) {
    return Tool.run(
        Sandbox.execCommand(from, List.of("ping", "-c", "3", "-i", "0.2", "-W", "2", to.ip())));
  }

  private static String sysctl(String key) {
    return Tool.output("sysctl", "-n", key).strip();
  }

  /** A /24 of 10.240.0.0/16 that no route on this host touches yet. */
  static Ipv4Cidr freeRange() {
    List<HostNetwork.Route> routes = HostNetwork.observe(CommandRunner.system()).routes();
    for (int attempt = 0; attempt < 100; attempt++) {
      Ipv4Cidr candidate =
          Ipv4Cidr.parse("10.240." + ThreadLocalRandom.current().nextInt(16, 250) + ".0/24");
      if (routes.stream().noneMatch(route -> route.destination().overlaps(candidate))) {
        return candidate;
      }
    }
    throw new IllegalStateException("no free /24 in 10.240.0.0/16 on this host");
  }
}
