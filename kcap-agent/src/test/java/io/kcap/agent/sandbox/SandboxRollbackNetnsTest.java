package io.kcap.agent.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kcap.agent.AgentException;
import io.kcap.agent.endpoint.CalicoNames;
import io.kcap.testkit.Tool;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real {@code up} that fails half way leaves this machine as it found it (root). */
class SandboxRollbackNetnsTest {
  @TempDir Path state;

  @Test
  void aStepFailingOnTheSecondPodRemovesTheFirstPodAndTheSecondsNamespace() {
    String namespace =
        "undo-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xFFFFF));
    List<PodSpec> pods =
        List.of(new PodSpec(namespace, "a", Map.of()), new PodSpec(namespace, "b", Map.of()));
    Ipv4Cidr range = SandboxNetnsTest.freeRange();
    String secondAddress = range.address(2) + "/32";
    String ipForwardBefore = Tool.output("sysctl", "-n", "net.ipv4.ip_forward").strip();
    CommandRunner real = CommandRunner.system();
    // Everything runs for real except the second pod's address, which the host "refuses".
    CommandRunner refusing =
        command ->
            command.contains(secondAddress)
                ? new CommandRunner.Result(command, 2, "", "RTNETLINK answers: refused\n")
                : real.run(command);
    try {
      assertThatThrownBy(() -> new Sandbox(state, refusing, "n").up(pods, range))
          .isInstanceOf(AgentException.class)
          .hasMessageContaining("addr add " + secondAddress)
          .hasMessageEndingWith("; undid what was made");

      String links = Tool.output("ip", "-o", "link", "show");
      String netns = Tool.output("ip", "netns", "list");
      for (PodSpec pod : pods) {
        assertThat(links).doesNotContain(CalicoNames.vethNameForWorkload(namespace, pod.name()));
        assertThat(netns).doesNotContain(SandboxPlan.netnsName(namespace, pod.name()));
      }
      assertThat(Tool.output("ip", "-4", "route", "show", "table", "all"))
          .doesNotContain(range.address(1) + " ");
      assertThat(Tool.output("sysctl", "-n", "net.ipv4.ip_forward").strip())
          .isEqualTo(ipForwardBefore);
      assertThat(SandboxState.in(state)).doesNotExist();
    } finally {
      for (PodSpec pod : pods) {
        Tool.run("ip", "link", "del", CalicoNames.vethNameForWorkload(namespace, pod.name()));
        Tool.run("ip", "netns", "del", SandboxPlan.netnsName(namespace, pod.name()));
      }
    }
  }
}
