package io.kcap.agent;

import static io.kcap.agent.Captures.capture;
import static io.kcap.agent.Captures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.kcap.agent.endpoint.Endpoint;
import io.kcap.api.CaptureFormat;
import io.kcap.api.PacketCapture;
import io.kcap.capture.filter.IpProtocol;
import io.kcap.capture.filter.PortRange;
import io.kcap.capture.filter.TrafficFilter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DesiredStateTest {
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private static final NodeSettings SETTINGS =
      NodeSettings.defaults(Captures.NODE).withCaptureDirectory(Path.of("/cap"));

  /** Two namespaces with the same pod names and labels, and a pod on another node. */
  private static final List<Endpoint> ENDPOINTS =
      List.of(
          pod("shop", "web-1", Map.of("app", "web")),
          pod("shop", "web-2", Map.of("app", "web")),
          pod("shop", "db-1", Map.of("app", "db")),
          pod("ops", "web-1", Map.of("app", "web")),
          pod("shop", "web-3", Map.of("app", "web"), "node-b"));

  private static Plan plan(PacketCapture... captures) {
    return plan(Map.of(), captures);
  }

  private static Plan plan(Map<CaptureKey, LimitProgress> progress, PacketCapture... captures) {
    return DesiredState.compute(List.of(captures), ENDPOINTS, NOW, SETTINGS, progress);
  }

  private static List<String> pods(Plan plan) {
    return plan.sessions().keySet().stream()
        .map(k -> k.capture().namespace() + "/" + k.pod())
        .toList();
  }

  /**
   * Which pods of this node a capture in {@code shop} selects, and its phase, for a spec and the
   * time {@link #NOW}.
   */
  record Case(String says, String spec, Plan.Phase phase, List<String> pods, String nextChange) {
    @Override
    public String toString() {
      return says;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "an empty selector selects every pod of its namespace on this node",
            "{}",
            Plan.Phase.ACTIVE,
            List.of("shop/db-1", "shop/web-1", "shop/web-2"),
            ""),
        new Case(
            "all() is the same as empty",
            "selector: all()",
            Plan.Phase.ACTIVE,
            List.of("shop/db-1", "shop/web-1", "shop/web-2"),
            ""),
        new Case(
            "a selector picks by label, never a pod of another namespace",
            "selector: app == 'web'",
            Plan.Phase.ACTIVE,
            List.of("shop/web-1", "shop/web-2"),
            ""),
        new Case(
            "Calico's namespace label is an endpoint label",
            "selector: projectcalico.org/namespace == 'shop' && app != 'web'",
            Plan.Phase.ACTIVE,
            List.of("shop/db-1"),
            ""),
        new Case(
            "a selector matching nothing is active with no session",
            "selector: app == 'cache'",
            Plan.Phase.ACTIVE,
            List.of(),
            ""),
        new Case(
            "a start in the past starts now",
            "startTime: '2025-06-01T11:00:00Z'",
            Plan.Phase.ACTIVE,
            List.of("shop/db-1", "shop/web-1", "shop/web-2"),
            ""),
        new Case(
            "a start in the future is scheduled and wakes the agent then",
            "startTime: '2025-06-01T12:30:00Z'",
            Plan.Phase.SCHEDULED,
            List.of(),
            "2025-06-01T12:30:00Z"),
        new Case(
            "an end in the future captures until then",
            "{selector: app == 'db', endTime: '2025-06-01T12:00:05Z'}",
            Plan.Phase.ACTIVE,
            List.of("shop/db-1"),
            "2025-06-01T12:00:05Z"),
        new Case(
            "an end now or in the past has finished",
            "endTime: '2025-06-01T12:00:00Z'",
            Plan.Phase.FINISHED,
            List.of(),
            ""),
        new Case(
            "a window ahead wakes the agent at its start",
            "{startTime: '2025-06-01T13:00:00Z', endTime: '2025-06-01T14:00:00Z'}",
            Plan.Phase.SCHEDULED,
            List.of(),
            "2025-06-01T13:00:00Z"),
        new Case(
            "a selector that does not parse makes the capture invalid",
            "selector: app ==",
            Plan.Phase.INVALID,
            List.of(),
            ""),
        new Case(
            "an end before the start makes the capture invalid",
            "{startTime: '2025-06-01T13:00:00Z', endTime: '2025-06-01T12:00:00Z'}",
            Plan.Phase.INVALID,
            List.of(),
            ""));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void aCaptureSelectsPodsAndIsInThePhaseItsTimesSay(Case c) {
    Plan plan = plan(capture("shop", "cap", c.spec()));

    Plan.CapturePlan capture = plan.captures().get(new CaptureKey("shop", "cap"));
    assertThat(capture.phase()).isEqualTo(c.phase());
    assertThat(pods(plan)).containsExactlyElementsOf(c.pods());
    assertThat(capture.sessions()).hasSize(c.pods().size());
    assertThat(plan.nextChange())
        .isEqualTo(
            c.nextChange().isEmpty()
                ? Optional.empty()
                : Optional.of(Instant.parse(c.nextChange())));
  }

  @Test
  void anInvalidCaptureSaysWhyAndOthersStillRun() {
    Plan plan =
        plan(
            capture("shop", "bad", "selector: app =="),
            capture("shop", "good", "selector: app == 'db'"));

    assertThat(plan.captures().get(new CaptureKey("shop", "bad")).message())
        .startsWith("selector \"app ==\" does not parse: ");
    assertThat(pods(plan)).containsExactly("shop/db-1");
  }

  @Test
  void eachSessionWritesPodUnderscoreInterfaceInItsCapturesDirectory() {
    Plan plan = plan(capture("shop", "cap", "selector: app == 'db'"));

    SessionSpec spec = plan.sessions().values().iterator().next();
    assertThat(spec.key())
        .isEqualTo(new SessionKey(new CaptureKey("shop", "cap"), "db-1", "calidb1"));
    assertThat(spec.activeFile()).isEqualTo(Path.of("/cap/shop/cap/db-1_calidb1.pcap"));
    assertThat(spec.snapLength()).isEqualTo(NodeSettings.MAX_SNAP_LENGTH);
    assertThat(spec.format()).isEqualTo(CaptureFormat.PCAP);
    assertThat(spec.rotation()).isEqualTo(new FileRotation(Duration.ofHours(1), 10_000_000, 2));
    assertThat(spec.traffic()).isEqualTo(new TrafficSelection.AllTraffic());
  }

  @Test
  void snapLengthAndFormatComeFromTheSpec() {
    SessionSpec spec =
        plan(capture("shop", "cap", "{selector: app == 'db', snapLength: 96, format: pcapng}"))
            .sessions()
            .values()
            .iterator()
            .next();

    assertThat(spec.snapLength()).isEqualTo(96);
    assertThat(spec.format()).isEqualTo(CaptureFormat.PCAPNG);
    assertThat(spec.activeFile().getFileName()).hasToString("db-1_calidb1.pcapng");
  }

  @Test
  void filtersAloneCompileInJavaAndABpfExpressionTakesTheWholeFilterToLibpcap() {
    SessionSpec filtered =
        plan(capture(
                "shop",
                "cap",
                """
                    selector: app == 'db'
                    filters:
                    - {protocol: TCP, ports: [5432, '8000:8080']}
                    - {protocol: ICMP}
                    """))
            .sessions()
            .values()
            .iterator()
            .next();
    SessionSpec withBpf =
        plan(capture(
                "shop",
                "cap",
                """
                    selector: app == 'db'
                    filters: [{protocol: UDP}]
                    bpf: host 10.0.0.1
                    """))
            .sessions()
            .values()
            .iterator()
            .next();

    assertThat(filtered.traffic())
        .isEqualTo(
            new TrafficSelection.Filters(
                List.of(
                    TrafficFilter.of(IpProtocol.TCP, PortRange.of(5432), PortRange.of(8000, 8080)),
                    TrafficFilter.of(IpProtocol.ICMP))));
    assertThat(withBpf.traffic())
        .isEqualTo(new TrafficSelection.Expression("(udp) and (host 10.0.0.1)"));
  }

  @Test
  void aFilterWithoutProtocolKeepsAllTraffic() {
    SessionSpec spec =
        plan(capture("shop", "cap", "{selector: app == 'db', filters: [{protocol: UDP}, {}]}"))
            .sessions()
            .values()
            .iterator()
            .next();

    assertThat(spec.traffic()).isEqualTo(new TrafficSelection.AllTraffic());
  }

  @Test
  void maxDurationFinishesTheCaptureThatLongAfterItFirstCapturedHere() {
    PacketCapture capture = capture("shop", "cap", "limits: {maxDuration: 90s}");
    CaptureKey key = new CaptureKey("shop", "cap");

    Plan notYetCapturing = plan(capture);
    Plan running =
        plan(
            Map.of(key, new LimitProgress(Optional.of(NOW.minusSeconds(60)), Optional.empty())),
            capture);
    Plan over =
        plan(
            Map.of(key, new LimitProgress(Optional.of(NOW.minusSeconds(90)), Optional.empty())),
            capture);

    assertThat(notYetCapturing.captures().get(key).phase()).isEqualTo(Plan.Phase.ACTIVE);
    assertThat(notYetCapturing.nextChange()).isEmpty();
    assertThat(running.captures().get(key).phase()).isEqualTo(Plan.Phase.ACTIVE);
    assertThat(running.nextChange()).contains(NOW.plusSeconds(30));
    assertThat(over.captures().get(key).phase()).isEqualTo(Plan.Phase.FINISHED);
    assertThat(over.captures().get(key).message())
        .isEqualTo("maxDuration 90s reached on this node");
    assertThat(over.sessions()).isEmpty();
  }

  @Test
  void aSpentBudgetFinishesTheCaptureOnThisNode() {
    CaptureKey key = new CaptureKey("shop", "cap");
    Plan plan =
        plan(
            Map.of(key, new LimitProgress(Optional.of(NOW), Optional.of("maxPackets 5 reached"))),
            capture("shop", "cap", "limits: {maxPackets: 5}"));

    assertThat(plan.captures().get(key).phase()).isEqualTo(Plan.Phase.FINISHED);
    assertThat(plan.captures().get(key).message()).isEqualTo("maxPackets 5 reached on this node");
    assertThat(plan.sessions()).isEmpty();
  }

  @Test
  void theNextChangeIsTheEarliestOfAllCaptures() {
    Plan plan =
        plan(
            capture("shop", "later", "startTime: '2025-06-01T12:10:00Z'"),
            capture("shop", "sooner", "endTime: '2025-06-01T12:00:01Z'"),
            capture("ops", "never", "{}"));

    assertThat(plan.nextChange()).contains(Instant.parse("2025-06-01T12:00:01Z"));
  }

  @Test
  void learningIsAPureFunctionOfItsInputs() {
    PacketCapture[] captures = {
      capture("shop", "a", "selector: app == 'web'"), capture("ops", "b", "{}")
    };

    assertThat(plan(captures)).isEqualTo(plan(captures));
  }
}
