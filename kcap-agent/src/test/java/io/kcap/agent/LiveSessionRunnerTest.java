package io.kcap.agent;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kcap.api.CaptureFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveSessionRunnerTest {
  @TempDir Path dir;

  private SessionSpec spec(String iface, CaptureFormat format, TrafficSelection traffic) {
    return new SessionSpec(
        new SessionKey(new CaptureKey("shop", "cap"), "web-1", iface),
        dir.resolve("web-1_" + iface + "." + format.wireName()),
        traffic,
        262144,
        format,
        new FileRotation(Duration.ofHours(1), 10_000_000, 2),
        NodeSettings.DEFAULT_RING_BYTES);
  }

  @Test
  void anInterfaceThatDoesNotExistIsOneLineAndLeavesNoFile() {
    SessionSpec spec = spec("kcapnone0", CaptureFormat.PCAP, new TrafficSelection.AllTraffic());

    assertThatThrownBy(
            () ->
                new LiveSessionRunner(InstantSource.system())
                    .start(spec, CaptureBudget.unlimited()))
        .isInstanceOf(AgentException.class)
        .hasMessageContaining("kcapnone0")
        .hasMessageNotContaining("\n");
    org.assertj.core.api.Assertions.assertThat(spec.activeFile()).doesNotExist();
  }

  @Test
  void aBpfExpressionThatDoesNotCompileIsOneLineWithLibpcapsReason() {
    SessionSpec spec =
        spec("lo", CaptureFormat.PCAP, new TrafficSelection.Expression("tcp port banana"));

    assertThatThrownBy(
            () ->
                new LiveSessionRunner(InstantSource.system())
                    .start(spec, CaptureBudget.unlimited()))
        .isInstanceOf(AgentException.class)
        .hasMessageContaining("banana");
    org.assertj.core.api.Assertions.assertThat(spec.activeFile()).doesNotExist();
  }
}
