package io.kcap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.kcap.api.CaptureFiles;
import io.kcap.api.CaptureState;
import io.kcap.api.PacketCapture;
import io.kcap.api.PacketCaptureSpec;
import io.kcap.api.PacketCaptureStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CaptureTableTest {

  /** The thresholds of apimachinery's {@code duration.HumanDuration}, which kubectl's AGE uses. */
  @ParameterizedTest
  @CsvSource({
    "-2, <invalid>",
    "-1, 0s",
    "0, 0s",
    "119, 119s",
    "120, 2m",
    "130, 2m10s",
    "599, 9m59s",
    "600, 10m",
    "10799, 179m",
    "10800, 3h",
    "11400, 3h10m",
    "28799, 7h59m",
    "28800, 8h",
    "172799, 47h",
    "172800, 2d",
    "176400, 2d1h",
    "691199, 7d23h",
    "691200, 8d",
    "63071999, 729d",
    "63072000, 2y",
    "63158400, 2y1d",
    "252287999, 7y364d",
    "252288000, 8y"
  })
  void agesReadAsKubectlPrintsThem(long seconds, String expected) {
    assertThat(CaptureTable.humanDuration(Duration.ofSeconds(seconds))).isEqualTo(expected);
  }

  private static CaptureFiles node(CaptureState state) {
    return new CaptureFiles("n", "/d", List.of(), state, 0, 0, 0, "");
  }

  @ParameterizedTest
  @CsvSource({
    "FINISHED FINISHED, FINISHED",
    "FINISHED CAPTURING, CAPTURING",
    "SCHEDULED WAITING_FOR_TRAFFIC, WAITING_FOR_TRAFFIC",
    "CAPTURING ERROR FINISHED, ERROR",
    "SCHEDULED FINISHED, SCHEDULED"
  })
  void theCapturesStateIsTheMostTellingOfItsNodes(String nodes, CaptureState expected) {
    List<CaptureFiles> reports =
        java.util.Arrays.stream(nodes.split(" "))
            .map(CaptureState::valueOf)
            .map(CaptureTableTest::node)
            .toList();

    assertThat(CaptureTable.state(reports)).hasValue(expected);
  }

  @Test
  void aRowAddsUpTheFilesAndPacketsOfEveryNode() {
    PacketCapture capture = new PacketCapture();
    capture.setMetadata(
        new ObjectMetaBuilder()
            .withName("web-capture")
            .withNamespace("shop")
            .withCreationTimestamp("2030-05-01T10:00:00Z")
            .build());
    capture.setSpec(PacketCaptureSpec.builder().selector("app == \"web\"").build());
    capture.setStatus(
        new PacketCaptureStatus(
            List.of(
                new CaptureFiles(
                    "node-a",
                    "/var/log/kcap/pcap/shop/web-capture",
                    List.of("web-1_cali1.pcap", "web-1_cali1.1700000000000.pcap"),
                    CaptureState.FINISHED,
                    120,
                    9000,
                    0,
                    ""),
                new CaptureFiles(
                    "node-b",
                    "/var/log/kcap/pcap/shop/web-capture",
                    List.of("web-2_cali2.pcap"),
                    CaptureState.CAPTURING,
                    30,
                    2000,
                    0,
                    ""))));
    PacketCapture unreported = new PacketCapture();
    unreported.setMetadata(
        new ObjectMetaBuilder()
            .withName("all")
            .withNamespace("shop")
            .withCreationTimestamp("2030-05-01T09:00:00Z")
            .build());

    List<String> table =
        CaptureTable.render(
            List.of(unreported, capture), true, false, Instant.parse("2030-05-01T10:03:20Z"));

    assertThat(table)
        .containsExactly(
            "NAMESPACE   NAME          SELECTOR       STATE       FILES   PACKETS   AGE",
            "shop        all           all()          <none>      0       0         63m",
            "shop        web-capture   app == \"web\"   Capturing   3       150       3m20s");
  }

  @Test
  void noReportYetIsNoState() {
    assertThat(CaptureTable.state(List.of())).isEqualTo(Optional.empty());
  }
}
