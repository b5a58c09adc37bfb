package io.kcap.agent;

import static io.kcap.agent.Captures.capture;
import static io.kcap.agent.Captures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.kcap.agent.endpoint.EndpointSnapshot;
import io.kcap.api.CaptureState;
import io.kcap.api.store.FileCaptureStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's own thread, with real time, the store on disk and the engine faked. */
class NodeAgentTest {
  @TempDir Path state;

  @Test
  void theAgentStartsAWrittenCaptureAtOnceAndStopsItAtItsEndTimeWithoutPolling() throws Exception {
    FileCaptureStore store = FileCaptureStore.in(state);
    FakeRunner runner = new FakeRunner();
    EndpointSnapshot endpoints =
        new EndpointSnapshot(1, List.of(pod("shop", "web-1", Map.of("app", "web"))));
    try (NodeAgent agent =
        NodeAgent.start(
            NodeSettings.standalone(Captures.NODE, state),
            store,
            () -> endpoints,
            runner,
            InstantSource.system())) {
      Instant end = Instant.now().plusMillis(1500);
      long written = System.nanoTime();
      store.put(capture("shop", "cap", "endTime: '" + end + "'"));

      waitFor(() -> !runner.live.isEmpty(), Duration.ofSeconds(2));
      assertThat(Duration.ofNanos(System.nanoTime() - written))
          .as("woken by the write, not by the next poll")
          .isLessThan(Duration.ofMillis(600));

      waitFor(() -> runner.live.isEmpty(), Duration.ofSeconds(3));
      assertThat(Instant.now()).isAfterOrEqualTo(end);
      assertThat(Duration.between(end, Instant.now()))
          .as("stopped at the end time, not up to a poll later")
          .isLessThan(Duration.ofMillis(500));
      waitFor(
          () -> {
            var status = store.get("shop", "cap").orElseThrow().getStatus();
            return status != null
                && status.files().getFirst().state().equals(Optional.of(CaptureState.FINISHED));
          },
          Duration.ofSeconds(2));
      assertThat(agent.metrics().exposition()).contains("kcap_active_sessions 0\n");
    }
  }

  @Test
  void closingStopsEverySessionAndTheLoop() throws Exception {
    FileCaptureStore store = FileCaptureStore.in(state);
    FakeRunner runner = new FakeRunner();
    store.put(capture("shop", "cap", "{}"));
    NodeAgent agent =
        NodeAgent.start(
            NodeSettings.standalone(Captures.NODE, state),
            store,
            () -> new EndpointSnapshot(1, List.of(pod("shop", "web-1", Map.of()))),
            runner,
            InstantSource.system());
    waitFor(() -> !runner.live.isEmpty(), Duration.ofSeconds(2));

    agent.close();
    agent.close();

    assertThat(runner.live).isEmpty();
    assertThat(runner.stopped).hasSize(1);
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().equals("kcap-agent") && t.isAlive());
  }

  interface Condition {
    boolean holds() throws Exception;
  }

  static void waitFor(Condition condition, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout);
      }
      Thread.sleep(10);
    }
  }
}
