package io.kcap.agent;

import static io.kcap.agent.Captures.capture;
import static io.kcap.agent.Captures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.kcap.agent.endpoint.Endpoint;
import io.kcap.api.PacketCapture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionManagerTest {
  private static final Instant START = Instant.parse("2025-06-01T12:00:00Z");
  private static final CaptureKey CAP = new CaptureKey("shop", "cap");

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(START);
  private final FakeRunner runner = new FakeRunner();
  private final LimitTracker limits = new LimitTracker(() -> {});
  private SessionManager manager;
  private NodeSettings settings;
  private final List<Endpoint> endpoints =
      new ArrayList<>(
          List.of(
              pod("shop", "web-1", Map.of("app", "web")),
              pod("shop", "web-2", Map.of("app", "web"))));

  @BeforeEach
  void manager() {
    settings = NodeSettings.defaults(Captures.NODE).withCaptureDirectory(dir);
    manager = new SessionManager(runner, clock, Duration.ofSeconds(10));
  }

  private Plan apply(PacketCapture... captures) {
    limits.sync(List.of(captures));
    Plan plan =
        DesiredState.compute(
            List.of(captures), endpoints, clock.instant(), settings, limits.progress());
    manager.apply(plan, limits);
    return plan;
  }

  private SessionKey key(String pod) {
    return new SessionKey(CAP, pod, "cali" + pod.replace("-", ""));
  }

  private Path file(String pod) {
    return dir.resolve("shop/cap/" + pod + "_cali" + pod.replace("-", "") + ".pcap");
  }

  @Test
  void applyingTheSamePlanAgainChangesNothing() {
    PacketCapture capture = capture("shop", "cap", "selector: app == 'web'");

    apply(capture);
    apply(capture);
    apply(capture);

    assertThat(runner.startedKeys()).containsExactly(key("web-1"), key("web-2"));
    assertThat(runner.stopped).isEmpty();
    assertThat(manager.runningCount()).isEqualTo(2);
    assertThat(file("web-1")).exists();
  }

  @Test
  void aPodThatAppearsStartsAndOneThatGoesStopsWithItsFileKept() {
    PacketCapture capture = capture("shop", "cap", "selector: app == 'web'");
    apply(capture);

    endpoints.remove(0);
    endpoints.add(pod("shop", "web-3", Map.of("app", "web")));
    apply(capture);

    assertThat(runner.stopped).containsExactly(key("web-1"));
    assertThat(runner.startedKeys()).containsExactly(key("web-1"), key("web-2"), key("web-3"));
    assertThat(file("web-1")).exists();
    assertThat(manager.runningCount()).isEqualTo(2);
  }

  @Test
  void aChangedFilterRestartsTheSessionAfterRotatingItsFileWithTheRotationTime()
      throws IOException {
    apply(capture("shop", "cap", "selector: app == 'web'"));
    clock.advance(Duration.ofMillis(1234));

    apply(capture("shop", "cap", "{selector: app == 'web', filters: [{protocol: UDP}]}"));

    long millis = START.plusMillis(1234).toEpochMilli();
    assertThat(runner.stopped).containsExactly(key("web-1"), key("web-2"));
    assertThat(runner.started).hasSize(4);
    Path rotated = dir.resolve("shop/cap/web-1_caliweb1." + millis + ".pcap");
    assertThat(Files.readString(rotated)).isEqualTo("header of " + key("web-1") + "\n");
    assertThat(file("web-1")).exists();
  }

  @Test
  void anActiveFileLeftByAnEarlierAgentIsRotatedAsideNotTruncated() throws IOException {
    Files.createDirectories(file("web-1").getParent());
    Files.writeString(file("web-1"), "packets from before the restart");
    Path taken = dir.resolve("shop/cap/web-1_caliweb1." + START.toEpochMilli() + ".pcap");
    Files.writeString(taken, "an earlier rotation in the same millisecond");

    apply(capture("shop", "cap", "selector: app == 'web'"));

    Path rotated = dir.resolve("shop/cap/web-1_caliweb1." + (START.toEpochMilli() + 1) + ".pcap");
    assertThat(Files.readString(rotated)).isEqualTo("packets from before the restart");
    assertThat(Files.readString(taken)).isEqualTo("an earlier rotation in the same millisecond");
    assertThat(runner.startedKeys()).contains(key("web-1"));
  }

  @Test
  void deletingACaptureStopsItsSessionsAndKeepsItsFiles() {
    apply(capture("shop", "cap", "selector: app == 'web'"));

    apply();

    assertThat(runner.stopped).containsExactlyInAnyOrder(key("web-1"), key("web-2"));
    assertThat(manager.runningCount()).isZero();
    assertThat(file("web-1")).exists();
    assertThat(file("web-2")).exists();
  }

  @Test
  void aSessionThatCannotStartIsAnErrorOfItsCaptureAndIsRetriedLater() {
    runner.missingInterfaces.add("caliweb2");
    PacketCapture capture = capture("shop", "cap", "selector: app == 'web'");

    apply(capture);
    clock.advance(Duration.ofSeconds(5));
    apply(capture);

    CaptureActivity activity = manager.activity().get(CAP);
    assertThat(activity.running()).isEqualTo(1);
    assertThat(activity.errors())
        .containsExactly("pod shop/web-2 (caliweb2): interface caliweb2 does not exist");
    assertThat(runner.startedKeys()).containsExactly(key("web-1"));

    runner.missingInterfaces.clear();
    clock.advance(Duration.ofSeconds(5));
    apply(capture);

    assertThat(runner.startedKeys()).containsExactly(key("web-1"), key("web-2"));
    assertThat(manager.activity().get(CAP).errors()).isEmpty();
  }

  @Test
  void anInterfaceThatVanishesUnderItsSessionIsAnError() {
    PacketCapture capture = capture("shop", "cap", "selector: app == 'web'");
    apply(capture);

    runner
        .live
        .get(key("web-1"))
        .endBy(new SessionEnd.InterfaceGone(new SessionStats(4, 400, 0, 0)));
    apply(capture);

    CaptureActivity activity = manager.activity().get(CAP);
    assertThat(activity.errors()).containsExactly("interface caliweb1 of pod shop/web-1 vanished");
    assertThat(activity.running()).isEqualTo(1);
    assertThat(activity.stats().packets()).isEqualTo(4);
  }

  @Test
  void countersKeepGrowingAcrossRestartsOfTheSessions() {
    apply(capture("shop", "cap", "selector: app == 'web'"));
    runner.live.get(key("web-1")).count(new SessionStats(10, 1000, 1, 0));
    runner.live.get(key("web-2")).count(new SessionStats(5, 500, 0, 0));

    apply(capture("shop", "cap", "{selector: app == 'web', snapLength: 64}"));
    runner.live.get(key("web-1")).count(new SessionStats(2, 128, 0, 1));

    assertThat(manager.activity().get(CAP).stats()).isEqualTo(new SessionStats(17, 1628, 1, 1));
    assertThat(manager.writeErrors()).isEqualTo(1);
  }

  @Test
  void aSeededCaptureCountsWhatAnEarlierAgentWrote() {
    manager.seed(CAP, new SessionStats(100, 10_000, 3, 0));
    apply(capture("shop", "cap", "selector: app == 'web'"));
    runner.live.get(key("web-1")).count(new SessionStats(1, 100, 0, 0));

    assertThat(manager.activity().get(CAP).stats()).isEqualTo(new SessionStats(101, 10_100, 3, 0));
  }

  @Test
  void sessionsOfOneCaptureShareOneBudget() {
    apply(capture("shop", "cap", "{selector: app == 'web', limits: {maxPackets: 3}}"));

    CaptureBudget first = runner.budgets.get(key("web-1"));
    assertThat(runner.budgets.get(key("web-2"))).isSameAs(first);
  }

  @Test
  void stopAllStopsEverySessionAndKeepsTheirCounters() {
    apply(capture("shop", "cap", "selector: app == 'web'"));
    runner.live.get(key("web-1")).count(new SessionStats(7, 700, 0, 0));

    manager.stopAll();

    assertThat(runner.stopped).containsExactlyInAnyOrder(key("web-1"), key("web-2"));
    assertThat(manager.runningCount()).isZero();
    assertThat(manager.activity().get(CAP).stats().packets()).isEqualTo(7);
  }
}
