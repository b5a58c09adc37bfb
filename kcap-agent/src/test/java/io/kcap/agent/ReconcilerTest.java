package io.kcap.agent;

import static io.kcap.agent.Captures.capture;
import static io.kcap.agent.Captures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.kcap.agent.endpoint.Endpoint;
import io.kcap.agent.endpoint.EndpointSnapshot;
import io.kcap.api.CaptureFiles;
import io.kcap.api.CaptureState;
import io.kcap.api.PacketCapture;
import io.kcap.api.PacketCaptureStatus;
import io.kcap.api.store.FileCaptureStore;
import io.kcap.api.store.StatusUpdate;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One agent pass after another, with the store on disk and the engine faked. */
class ReconcilerTest {
  private static final Instant START = Instant.parse("2025-06-01T12:00:00Z");

  @TempDir Path state;
  private final MutableClock clock = new MutableClock(START);
  private final FakeRunner runner = new FakeRunner();
  private final List<Endpoint> endpoints = new ArrayList<>();
  private final AtomicInteger wakeups = new AtomicInteger();
  private FileCaptureStore store;
  private Reconciler reconciler;

  @BeforeEach
  void agent() {
    store = new FileCaptureStore(state.resolve("captures"), clock);
    NodeSettings settings = NodeSettings.standalone(Captures.NODE, state);
    AtomicInteger version = new AtomicInteger();
    reconciler =
        new Reconciler(
            settings,
            store,
            () -> new EndpointSnapshot(version.incrementAndGet(), endpoints),
            new SessionManager(runner, clock, Duration.ofSeconds(10)),
            clock,
            wakeups::incrementAndGet);
  }

  private void put(PacketCapture capture) throws IOException {
    store.put(capture);
  }

  private CaptureFiles ownStatus(String namespace, String name) throws IOException {
    return store.get(namespace, name).orElseThrow().getStatus().files().stream()
        .filter(f -> f.node().equals(Captures.NODE))
        .findFirst()
        .orElseThrow();
  }

  private CaptureState state(String namespace, String name) throws IOException {
    return ownStatus(namespace, name).state().orElseThrow();
  }

  @Test
  void aTimedCaptureGoesFromScheduledToCapturingToFinishedAtItsTimes() throws IOException {
    endpoints.add(pod("shop", "web-1", Map.of("app", "web")));
    put(
        capture(
            "shop", "cap", "{startTime: '2025-06-01T12:00:10Z', endTime: '2025-06-01T12:00:20Z'}"));

    assertThat(reconciler.reconcile()).contains(Instant.parse("2025-06-01T12:00:10Z"));
    assertThat(state("shop", "cap")).isEqualTo(CaptureState.SCHEDULED);
    assertThat(runner.started).isEmpty();

    clock.set(Instant.parse("2025-06-01T12:00:10Z"));
    assertThat(reconciler.reconcile()).contains(Instant.parse("2025-06-01T12:00:20Z"));
    assertThat(state("shop", "cap")).isEqualTo(CaptureState.CAPTURING);
    assertThat(runner.live).hasSize(1);

    clock.set(Instant.parse("2025-06-01T12:00:20Z"));
    assertThat(reconciler.reconcile()).isEmpty();
    assertThat(state("shop", "cap")).isEqualTo(CaptureState.FINISHED);
    assertThat(runner.live).isEmpty();
    assertThat(ownStatus("shop", "cap").fileNames()).containsExactly("web-1_caliweb1.pcap");
    assertThat(ownStatus("shop", "cap").directory())
        .isEqualTo(state.resolve("pcap/shop/cap").toString());
  }

  @Test
  void aStartMovedIntoTheFutureStopsNowAndAnEndMovedIntoThePastFinishes() throws IOException {
    endpoints.add(pod("shop", "web-1", Map.of("app", "web")));
    put(capture("shop", "cap", "{}"));
    reconciler.reconcile();
    assertThat(runner.live).hasSize(1);

    put(capture("shop", "cap", "startTime: '2025-06-01T13:00:00Z'"));
    assertThat(reconciler.reconcile()).contains(Instant.parse("2025-06-01T13:00:00Z"));
    assertThat(runner.live).isEmpty();
    assertThat(state("shop", "cap")).isEqualTo(CaptureState.SCHEDULED);

    put(capture("shop", "cap", "endTime: '2025-06-01T11:00:00Z'"));
    reconciler.reconcile();
    assertThat(state("shop", "cap")).isEqualTo(CaptureState.FINISHED);
    assertThat(runner.started).hasSize(1);
  }

  @Test
  void aCaptureMatchingNothingHereWaitsForTrafficUntilAPodAppears() throws IOException {
    put(capture("shop", "cap", "selector: app == 'web'"));
    endpoints.add(pod("ops", "web-1", Map.of("app", "web")));

    reconciler.reconcile();
    assertThat(state("shop", "cap")).isEqualTo(CaptureState.WAITING_FOR_TRAFFIC);

    endpoints.add(pod("shop", "web-1", Map.of("app", "web")));
    reconciler.reconcile();
    assertThat(state("shop", "cap")).isEqualTo(CaptureState.CAPTURING);
  }

  @Test
  void aSessionThatCannotStartIsAnErrorWithTheReason() throws IOException {
    endpoints.add(pod("shop", "web-1", Map.of("app", "web")));
    runner.missingInterfaces.add("caliweb1");
    put(capture("shop", "cap", "{}"));

    reconciler.reconcile();

    CaptureFiles own = ownStatus("shop", "cap");
    assertThat(own.state()).contains(CaptureState.ERROR);
    assertThat(own.message())
        .isEqualTo("pod shop/web-1 (caliweb1): interface caliweb1 does not exist");
  }

  @Test
  void anInvalidCaptureIsAnErrorWithTheReason() throws IOException {
    put(capture("shop", "cap", "selector: app =="));

    reconciler.reconcile();

    assertThat(state("shop", "cap")).isEqualTo(CaptureState.ERROR);
    assertThat(ownStatus("shop", "cap").message()).startsWith("selector \"app ==\"");
  }

  @Test
  void onlyThisNodesEntryIsReplacedAndAConflictingWriteIsMerged() throws IOException {
    endpoints.add(pod("shop", "web-1", Map.of("app", "web")));
    put(capture("shop", "cap", "{}"));
    CaptureFiles other =
        new CaptureFiles("node-b", "/pcap", List.of("x.pcap"), CaptureState.CAPTURING, 9, 9, 0, "");
    PacketCapture stored = store.get("shop", "cap").orElseThrow();
    assertThat(
            store.updateStatus(
                "shop",
                "cap",
                stored.getMetadata().getResourceVersion(),
                new PacketCaptureStatus(List.of(other))))
        .isInstanceOf(StatusUpdate.Updated.class);

    reconciler.reconcile();

    assertThat(store.get("shop", "cap").orElseThrow().getStatus().files())
        .extracting(CaptureFiles::node)
        .containsExactly(Captures.NODE, "node-b");
    assertThat(store.get("shop", "cap").orElseThrow().getStatus().files().get(1)).isEqualTo(other);
  }

  @Test
  void countersAreRefreshedEveryStatusIntervalAndStateChangesAtOnce() throws IOException {
    endpoints.add(pod("shop", "web-1", Map.of("app", "web")));
    put(capture("shop", "cap", "{}"));
    reconciler.reconcile();
    FakeRunner.FakeSession session = runner.live.values().iterator().next();

    session.count(new SessionStats(3, 300, 0, 0));
    clock.advance(Duration.ofSeconds(4));
    assertThat(reconciler.reconcile())
        .as("the agent wakes when the counters are due")
        .contains(START.plusSeconds(5));
    assertThat(ownStatus("shop", "cap").packets()).as("not yet 5 s").isZero();

    clock.advance(Duration.ofSeconds(1));
    reconciler.reconcile();
    assertThat(ownStatus("shop", "cap").packets()).isEqualTo(3);
    assertThat(ownStatus("shop", "cap").bytes()).isEqualTo(300);

    session.count(new SessionStats(4, 400, 0, 0));
    put(capture("shop", "cap", "endTime: '2025-06-01T12:00:01Z'"));
    reconciler.reconcile();
    assertThat(ownStatus("shop", "cap").state()).contains(CaptureState.FINISHED);
    assertThat(ownStatus("shop", "cap").packets()).as("written with the state").isEqualTo(4);
  }

  @Test
  void aSpentPacketBudgetFinishesTheCaptureAndWakesTheAgent() throws IOException {
    endpoints.add(pod("shop", "web-1", Map.of("app", "web")));
    endpoints.add(pod("shop", "web-2", Map.of("app", "web")));
    put(capture("shop", "cap", "limits: {maxPackets: 3}"));
    reconciler.reconcile();
    CaptureBudget budget = runner.budgets.values().iterator().next();

    assertThat(budget.take(100)).isTrue();
    assertThat(budget.take(100)).isTrue();
    assertThat(wakeups).hasValue(0);
    assertThat(budget.take(100)).isTrue();
    assertThat(wakeups).hasValue(1);
    assertThat(budget.take(100)).isFalse();
    reconciler.reconcile();

    assertThat(state("shop", "cap")).isEqualTo(CaptureState.FINISHED);
    assertThat(ownStatus("shop", "cap").message()).isEqualTo("maxPackets 3 reached on this node");
    assertThat(runner.live).isEmpty();
  }

  @Test
  void maxDurationFinishesTheCaptureThatLongAfterItStartedHere() throws IOException {
    endpoints.add(pod("shop", "web-1", Map.of("app", "web")));
    put(capture("shop", "cap", "limits: {maxDuration: 30s}"));
    reconciler.reconcile();
    assertThat(reconciler.reconcile()).contains(START.plusSeconds(30));

    clock.advance(Duration.ofSeconds(30));
    reconciler.reconcile();

    assertThat(state("shop", "cap")).isEqualTo(CaptureState.FINISHED);
    assertThat(runner.live).isEmpty();
  }

  @Test
  void deletingACaptureStopsItsSessionsAndWritesNothingMore() throws IOException {
    endpoints.add(pod("shop", "web-1", Map.of("app", "web")));
    put(capture("shop", "cap", "{}"));
    reconciler.reconcile();

    store.delete("shop", "cap");
    reconciler.reconcile();

    assertThat(runner.live).isEmpty();
    assertThat(store.get("shop", "cap")).isEmpty();
    assertThat(state.resolve("pcap/shop/cap/web-1_caliweb1.pcap")).exists();
  }

  @Test
  void countersInTheStatusCarryOverIntoANewAgent() throws IOException {
    endpoints.add(pod("shop", "web-1", Map.of("app", "web")));
    put(capture("shop", "cap", "{}"));
    PacketCapture stored = store.get("shop", "cap").orElseThrow();
    store.updateStatus(
        "shop",
        "cap",
        stored.getMetadata().getResourceVersion(),
        new PacketCaptureStatus(
            List.of(
                new CaptureFiles(
                    Captures.NODE, "/old", List.of(), CaptureState.CAPTURING, 50, 5000, 2, ""))));

    reconciler.reconcile();
    runner.live.values().iterator().next().count(new SessionStats(1, 10, 0, 0));
    reconciler.shutdown();

    CaptureFiles own = ownStatus("shop", "cap");
    assertThat(own.packets()).isEqualTo(51);
    assertThat(own.bytes()).isEqualTo(5010);
    assertThat(own.drops()).isEqualTo(2);
  }

  @Test
  void shutdownStopsEverySessionAndWritesTheFinalCounters() throws IOException {
    endpoints.add(pod("shop", "web-1", Map.of("app", "web")));
    put(capture("shop", "cap", "{}"));
    reconciler.reconcile();
    runner.live.values().iterator().next().count(new SessionStats(8, 800, 0, 0));

    reconciler.shutdown();

    assertThat(runner.live).isEmpty();
    assertThat(ownStatus("shop", "cap").packets()).isEqualTo(8);
    assertThat(Optional.of(runner.stopped.size())).contains(1);
  }
}
