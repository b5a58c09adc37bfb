package io.kcap.agent;

import static io.kcap.agent.Captures.capture;
import static io.kcap.agent.Captures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.kcap.agent.endpoint.Endpoint;
import io.kcap.api.PacketCapture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentMetricsTest {
  @TempDir Path dir;

  private final FakeRunner runner = new FakeRunner();
  private final SessionManager manager =
      new SessionManager(
          runner, new MutableClock(Instant.parse("2025-06-01T12:00:00Z")), Duration.ofSeconds(10));

  private void apply(List<Endpoint> endpoints, PacketCapture... captures) {
    LimitTracker limits = new LimitTracker(() -> {});
    limits.sync(List.of(captures));
    manager.apply(
        DesiredState.compute(
            List.of(captures),
            endpoints,
            Instant.parse("2025-06-01T12:00:00Z"),
            NodeSettings.defaults(Captures.NODE).withCaptureDirectory(dir),
            limits.progress()),
        limits);
  }

  @Test
  void countersPerCaptureTheActiveSessionsAndWriteErrorsInTheTextFormat() {
    apply(
        List.of(pod("shop", "web-1", Map.of()), pod("ops", "probe", Map.of())),
        capture("shop", "web", "{}"),
        capture("ops", "probe", "{}"));
    runner.live.values().iterator().next().count(new SessionStats(12, 3400, 2, 0));
    runner.live.values().stream()
        .skip(1)
        .findFirst()
        .orElseThrow()
        .count(new SessionStats(1, 60, 0, 1));

    String text = new AgentMetrics(manager).exposition();

    assertThat(text)
        .isEqualTo(
            """
            # HELP kcap_capture_packets_total Packets written to capture files on this node.
            # TYPE kcap_capture_packets_total counter
            kcap_capture_packets_total{namespace="ops",name="probe"} 12
            kcap_capture_packets_total{namespace="shop",name="web"} 1
            # HELP kcap_capture_bytes_total Captured bytes of the packets written on this node.
            # TYPE kcap_capture_bytes_total counter
            kcap_capture_bytes_total{namespace="ops",name="probe"} 3400
            kcap_capture_bytes_total{namespace="shop",name="web"} 60
            # HELP kcap_capture_drops_total Packets the kernel dropped before kcap could read them.
            # TYPE kcap_capture_drops_total counter
            kcap_capture_drops_total{namespace="ops",name="probe"} 2
            kcap_capture_drops_total{namespace="shop",name="web"} 0
            # HELP kcap_active_sessions Capture sessions running now.
            # TYPE kcap_active_sessions gauge
            kcap_active_sessions 2
            # HELP kcap_write_errors_total Writes to capture files that failed.
            # TYPE kcap_write_errors_total counter
            kcap_write_errors_total 1
            """);
  }

  @Test
  void writeErrorsOfADeletedCaptureStillCount() {
    apply(List.of(pod("shop", "web-1", Map.of())), capture("shop", "web", "{}"));
    runner.live.values().iterator().next().count(new SessionStats(1, 60, 0, 3));

    apply(List.of(pod("shop", "web-1", Map.of())));

    assertThat(new AgentMetrics(manager).exposition())
        .doesNotContain("name=\"web\"")
        .contains("kcap_active_sessions 0\n")
        .contains("kcap_write_errors_total 3\n");
  }

  @Test
  void labelValuesEscapeBackslashQuoteAndNewline() {
    assertThat(AgentMetrics.escape("a\\b\"c\nd")).isEqualTo("a\\\\b\\\"c\\nd");
  }

  @Test
  void theMetricsServerAnswersGetMetricsOverPlainHttpAndNothingElse() throws Exception {
    try (MetricsServer server =
        MetricsServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), () -> "kcap_up 1\n")) {
      HttpClient client = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + server.address().getPort();

      HttpResponse<String> metrics =
          client.send(
              HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
              HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> other =
          client.send(
              HttpRequest.newBuilder(URI.create(base + "/")).build(),
              HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> post =
          client.send(
              HttpRequest.newBuilder(URI.create(base + "/metrics"))
                  .POST(HttpRequest.BodyPublishers.ofString("x"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).isEqualTo("kcap_up 1\n");
      assertThat(metrics.headers().firstValue("content-type"))
          .hasValue("text/plain; version=0.0.4; charset=utf-8");
      assertThat(other.statusCode()).isEqualTo(404);
      assertThat(post.statusCode()).isEqualTo(405);
    }
  }

  @Test
  void aMetricsAddressInUseIsOneClearError() throws Exception {
    try (MetricsServer first =
        MetricsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), () -> "")) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> MetricsServer.start(first.address(), () -> ""))
          .isInstanceOf(java.io.IOException.class)
          .hasMessageContaining("cannot serve metrics on")
          .hasMessageContaining(String.valueOf(first.address().getPort()));
    }
  }
}
