package io.kcap.agent.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kcap.agent.AgentException;
import io.kcap.agent.endpoint.Endpoint;
import io.kcap.agent.endpoint.Inventory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox's bookkeeping and undoing, on a simulated host (the real one is SandboxNetnsTest).
 */
class SandboxTest {
  @TempDir Path state;
  private final FakeHost host = new FakeHost();
  private static final List<PodSpec> PODS =
      List.of(
          new PodSpec("shop", "web-1", Map.of("app", "web")),
          new PodSpec("shop", "db-1", Map.of("app", "db"), "db-sa"));
  private static final Ipv4Cidr RANGE = Ipv4Cidr.parse("10.240.9.0/24");

  private Sandbox sandbox() {
    return new Sandbox(state, host, "node-1");
  }

  @Test
  void upRecordsTheSandboxAndWritesTheInventoryForTheAgent() {
    SandboxState made = sandbox().up(PODS, RANGE);

    assertThat(sandbox().current()).contains(made);
    assertThat(Inventory.read(Inventory.in(state), "unused").endpoints())
        .containsExactly(
            new Endpoint(
                "shop",
                "web-1",
                Map.of("app", "web"),
                List.of("10.240.9.1"),
                made.pods().get(0).interfaceName(),
                "node-1",
                "default"),
            new Endpoint(
                "shop",
                "db-1",
                Map.of("app", "db"),
                List.of("10.240.9.2"),
                made.pods().get(1).interfaceName(),
                "node-1",
                "db-sa"));
    assertThat(host.netns).contains("kcap-shop.web-1", "kcap-shop.db-1");
    assertThat(host.ipForward).isEqualTo("1");
  }

  @Test
  void aFailingStepUndoesEverythingBeforeItInReverseOrder() {
    host.failOn(command -> String.join(" ", command).contains("addr add 10.240.9.2/32"));

    assertThatThrownBy(() -> sandbox().up(PODS, RANGE))
        .isInstanceOf(AgentException.class)
        .hasMessage(
            "could not make the sandbox: `ip -n kcap-shop.db-1 addr add 10.240.9.2/32 dev eth0`"
                + " exited 2: RTNETLINK answers: Operation not permitted; undid what was made");

    assertThat(host.netns).isEmpty();
    assertThat(host.links).containsExactly("lo", "eth0");
    assertThat(host.ipForward).isEqualTo("0");
    List<String> lines = host.lines();
    assertThat(lines.subList(lines.size() - 5, lines.size()))
        .containsExactly(
            "ip link del " + podInterface(1),
            "ip netns del kcap-shop.db-1",
            "ip link del " + podInterface(0),
            "ip netns del kcap-shop.web-1",
            "sysctl -q -w net.ipv4.ip_forward=0");
    assertThat(sandbox().current()).isEmpty();
    assertThat(Inventory.in(state)).doesNotExist();
  }

  @Test
  void whenUndoingFailsTooTheRecordIsKeptSoDownCanFinishTheJob() {
    host.failOn(
        command -> {
          String line = String.join(" ", command);
          return line.contains("addr add 10.240.9.2/32")
              || line.equals("ip netns del kcap-shop.web-1");
        });

    assertThatThrownBy(() -> sandbox().up(PODS, RANGE))
        .hasMessageContaining("could not undo everything, run `kcap sandbox down`")
        .hasMessageContaining("`ip netns del kcap-shop.web-1` exited 2");
    assertThat(sandbox().current()).isPresent();

    host.failOn(command -> false);
    assertThat(sandbox().down()).isPresent();
    assertThat(host.netns).isEmpty();
    assertThat(sandbox().current()).isEmpty();
  }

  @Test
  void upWithTheSamePodsAgainChangesNothing() {
    SandboxState first = sandbox().up(PODS, RANGE);
    int commands = host.commands.size();

    assertThat(sandbox().up(PODS, RANGE)).isEqualTo(first);
    assertThat(host.commands).hasSize(commands);
  }

  @Test
  void upWithOtherPodsIsRefusedWhileASandboxIsUp() {
    sandbox().up(PODS, RANGE);

    assertThatThrownBy(() -> sandbox().up(PODS.subList(0, 1), RANGE))
        .isInstanceOf(AgentException.class)
        .hasMessage(
            "a different sandbox (2 pods in 10.240.9.0/24) is already up in "
                + state
                + "; run `kcap sandbox down` first");
  }

  @Test
  void anInventoryTheSandboxDidNotWriteIsNeverOverwritten() throws IOException {
    Files.writeString(Inventory.in(state), "endpoints: []\n");

    assertThatThrownBy(() -> sandbox().up(PODS, RANGE))
        .hasMessage(
            Inventory.in(state)
                + " exists but was not made by `kcap sandbox up`; move it away first");
    assertThat(host.commands).isEmpty();
  }

  @Test
  void downRemovesInterfacesBeforeNamespacesRestoresForwardingAndDeletesBothFiles() {
    sandbox().up(PODS, RANGE);
    host.commands.clear();

    assertThat(sandbox().down()).hasValueSatisfying(s -> assertThat(s.pods()).hasSize(2));

    assertThat(host.lines())
        .startsWith(
            "ip link del " + podInterface(0),
            "ip netns del kcap-shop.web-1",
            "ip link del " + podInterface(1),
            "ip netns del kcap-shop.db-1")
        .endsWith("sysctl -q -w net.ipv4.ip_forward=0");
    assertThat(host.ipForward).isEqualTo("0");
    assertThat(host.netns).isEmpty();
    assertThat(host.links).containsExactly("lo", "eth0");
    assertThat(Inventory.in(state)).doesNotExist();
    assertThat(SandboxState.in(state)).doesNotExist();
  }

  @Test
  void downTwiceIsHarmless() {
    sandbox().up(PODS, RANGE);
    sandbox().down();
    host.commands.clear();

    assertThat(sandbox().down()).isEmpty();
    assertThat(host.commands).isEmpty();
  }

  @Test
  void downAfterPartOfTheSandboxVanishedStillSucceeds() {
    sandbox().up(PODS, RANGE);
    host.links.remove(podInterface(0));
    host.netns.remove("kcap-shop.web-1");

    assertThat(sandbox().down()).isPresent();
    assertThat(host.netns).isEmpty();
  }

  @Test
  void forwardingStaysOnWhileOtherCaliInterfacesRouteThroughTheHost() {
    sandbox().up(PODS, RANGE);
    host.links.add("cali0123456789a");

    sandbox().down();

    assertThat(host.ipForward).isEqualTo("1");
  }

  @Test
  void somethingThatWillNotGoAwayIsReportedAndTheRecordKept() {
    sandbox().up(PODS, RANGE);
    host.failOn(command -> command.equals(List.of("ip", "netns", "del", "kcap-shop.db-1")));

    assertThatThrownBy(() -> sandbox().down())
        .isInstanceOf(AgentException.class)
        .hasMessage("could not remove network namespace kcap-shop.db-1");
    assertThat(sandbox().current()).isPresent();
  }

  @Test
  void execRunsTheCommandThroughIpNetnsExec() {
    SandboxPod pod = sandbox().up(PODS, RANGE).find("shop", "db-1").orElseThrow();

    assertThat(Sandbox.execCommand(pod, List.of("ip", "-4", "addr")))
        .containsExactly("ip", "netns", "exec", "kcap-shop.db-1", "ip", "-4", "addr");
  }

  private static String podInterface(int index) {
    PodSpec pod = PODS.get(index);
    return io.kcap.agent.endpoint.CalicoNames.vethNameForWorkload(pod.namespace(), pod.name());
  }
}
