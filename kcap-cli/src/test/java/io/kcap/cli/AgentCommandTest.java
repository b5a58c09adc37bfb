package io.kcap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcap.agent.AgentException;
import io.kcap.agent.RunningSession;
import io.kcap.agent.SessionEnd;
import io.kcap.agent.SessionRunner;
import io.kcap.agent.SessionSpec;
import io.kcap.agent.SessionStats;
import io.kcap.agent.endpoint.Endpoint;
import io.kcap.agent.endpoint.Inventory;
import io.kcap.agent.sandbox.Capabilities;
import io.kcap.server.TlsIdentity;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code kcap agent} in-process, with the capture engine replaced by a recording fake. */
class AgentCommandTest {
  private static final Capabilities ROOT = new Capabilities(-1L);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path shared;
  @TempDir Path state;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final TestSignal signal = new TestSignal();
  private final RecordingRunner runner = new RecordingRunner();

  /** A SIGTERM the test sends. */
  static final class TestSignal implements ShutdownSignal {
    final CountDownLatch requested = new CountDownLatch(1);
    volatile int finishedWith = -1;

    @Override
    public void await() throws InterruptedException {
      requested.await();
    }

    @Override
    public void finished(int exitCode) {
      finishedWith = exitCode;
    }
  }

  /** Starts sessions that capture nothing, and records them. */
  static final class RecordingRunner implements SessionRunner {
    final List<SessionSpec> started = new CopyOnWriteArrayList<>();
    final List<SessionSpec> stopped = new CopyOnWriteArrayList<>();

    @Override
    public RunningSession start(SessionSpec spec, io.kcap.agent.CaptureBudget budget) {
      if (spec.key().interfaceName().equals("calimissing")) {
        throw new AgentException("no interface calimissing on this host");
      }
      started.add(spec);
      return new RunningSession() {
        private volatile SessionEnd end;

        @Override
        public SessionStats stats() {
          return new SessionStats(3, 300, 0, 0);
        }

        @Override
        public Optional<SessionEnd> end() {
          return Optional.ofNullable(end);
        }

        @Override
        public synchronized SessionEnd stop() {
          if (end == null) {
            end = new SessionEnd.Stopped(stats());
            stopped.add(spec);
          }
          return end;
        }
      };
    }
  }

  /** keytool takes seconds on a busy machine: the tests share one certificate. */
  @BeforeAll
  static void oneCertificate() throws IOException {
    TlsIdentity.loadOrCreate(shared);
  }

  @BeforeEach
  void sharedCertificate() throws IOException {
    for (String file : List.of("tls.p12", "tls.pass")) {
      Files.copy(shared.resolve(file), state.resolve(file));
    }
  }

  private int kcap(AgentCommand command, String... args) {
    CommandLine cli = new CommandLine(command);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    cli.setExecutionExceptionHandler(new KcapMain.Failures());
    return cli.execute(args);
  }

  private CompletableFuture<Integer> startAgent(String... extra) throws Exception {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "--standalone",
                "--state-dir",
                state.toString(),
                "--listen",
                "127.0.0.1:0",
                "--metrics-listen",
                "127.0.0.1:0",
                "--node",
                "node-a"));
    args.addAll(List.of(extra));
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () -> kcap(new AgentCommand(signal, () -> ROOT, runner), args.toArray(String[]::new)));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!Files.exists(state.resolve("api.address"))) {
      if (exit.isDone() || System.nanoTime() > deadline) {
        throw new AssertionError("agent did not serve: " + out + err);
      }
      Thread.sleep(20);
    }
    return exit;
  }

  private void inventory(Endpoint... endpoints) {
    new Inventory(List.of(endpoints)).write(Inventory.in(state));
  }

  private static Endpoint pod(String namespace, String name, String iface) {
    return new Endpoint(
        namespace, name, Map.of("app", name), List.of("10.240.0.9"), iface, "node-a");
  }

  private static JsonNode json(HttpResponse<String> response) throws IOException {
    return JSON.readTree(response.body());
  }

  private static JsonNode waitForState(ApiClient api, String path, String state) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      JsonNode capture = json(api.get(path));
      if (capture.at("/status/files/0/state").asText().equals(state)) {
        return capture;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("never " + state + ": " + capture);
      }
      Thread.sleep(50);
    }
  }

  @Test
  void servesTheApiCapturesTheSelectedPodsAndStopsCleanlyOnTheSignal() throws Exception {
    inventory(pod("shop", "web-1", "caliweb1"), pod("shop", "db-1", "calidb1"));
    CompletableFuture<Integer> exit = startAgent();
    ApiClient api = ApiClient.of(state);
    String path = "/apis/kcap.io/v1/namespaces/shop/packetcaptures/web";

    HttpResponse<String> put =
        api.put("shop", "web", ApiClient.manifest("shop", "web", "selector: app == 'web-1'"));
    assertThat(put.statusCode()).isEqualTo(201);
    JsonNode capturing = waitForState(api, path, "Capturing");

    assertThat(capturing.at("/status/files/0/node").asText()).isEqualTo("node-a");
    assertThat(capturing.at("/status/files/0/directory").asText())
        .isEqualTo(state.resolve("pcap/shop/web").toString());
    assertThat(runner.started)
        .extracting(s -> s.activeFile())
        .containsExactly(state.resolve("pcap/shop/web/web-1_caliweb1.pcap"));
    assertThat(Files.readString(state.resolve("api.address"))).matches("127\\.0\\.0\\.1:\\d+\\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state.resolve("token"))))
        .isEqualTo("rw-------");

    signal.requested.countDown();

    assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
    assertThat(signal.finishedWith).isZero();
    assertThat(runner.stopped).hasSize(1);
    assertThat(state.resolve("api.address")).doesNotExist();
    assertThat(out.toString())
        .contains("kcap agent: node node-a, API https://127.0.0.1:")
        .contains("files in " + state.resolve("pcap"))
        .contains("kcap agent: stopped");
    assertThat(err.toString()).contains("INFO capturing shop/web on shop/web-1 (caliweb1)");
  }

  @Test
  void statusShowsWaitingForTrafficAndErrorsWithTheirReason() throws Exception {
    inventory(pod("shop", "web-1", "caliweb1"), pod("ops", "gone", "calimissing"));
    CompletableFuture<Integer> exit = startAgent();
    try {
      ApiClient api = ApiClient.of(state);
      api.put("shop", "none", ApiClient.manifest("shop", "none", "selector: app == 'nothing'"));
      api.put("ops", "broken", ApiClient.manifest("ops", "broken", "{}"));

      waitForState(
          api, "/apis/kcap.io/v1/namespaces/shop/packetcaptures/none", "WaitingForTraffic");
      JsonNode broken =
          waitForState(api, "/apis/kcap.io/v1/namespaces/ops/packetcaptures/broken", "Error");
      assertThat(broken.at("/status/files/0/message").asText())
          .isEqualTo("pod ops/gone (calimissing): no interface calimissing on this host");
    } finally {
      signal.requested.countDown();
    }
    assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void metricsAreServedOnTheMetricsAddress() throws Exception {
    inventory(pod("shop", "web-1", "caliweb1"));
    CompletableFuture<Integer> exit = startAgent();
    try {
      ApiClient api = ApiClient.of(state);
      api.put("shop", "web", ApiClient.manifest("shop", "web", "{}"));
      waitForState(api, "/apis/kcap.io/v1/namespaces/shop/packetcaptures/web", "Capturing");
      String metricsUrl =
          out.toString()
              .lines()
              .filter(l -> l.startsWith("kcap agent: node"))
              .map(l -> l.replaceAll(".*metrics (http://\\S+/metrics).*", "$1"))
              .findFirst()
              .orElseThrow();

      HttpResponse<String> metrics =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(java.net.URI.create(metricsUrl)).build(),
                  HttpResponse.BodyHandlers.ofString());

      assertThat(metrics.body())
          .contains("kcap_capture_packets_total{namespace=\"shop\",name=\"web\"} 3\n")
          .contains("kcap_active_sessions 1\n");
    } finally {
      signal.requested.countDown();
    }
    assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void withoutStandaloneItSaysKubernetesModeIsNotThereYet() {
    int exit = kcap(new AgentCommand(signal, () -> ROOT, runner), "--state-dir", state.toString());

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .isEqualTo(
            "kcap: kcap agent runs standalone only for now: add --standalone (Kubernetes mode"
                + " comes in a later release)\n");
  }

  @Test
  void withoutRootItSaysSoInOneLine() {
    int exit =
        kcap(
            new AgentCommand(signal, () -> new Capabilities(0), runner),
            "--standalone",
            "--state-dir",
            state.toString());

    assertThat(exit).isEqualTo(77);
    assertThat(err.toString().lines()).hasSize(1);
    assertThat(err.toString()).contains("needs root (CAP_NET_RAW and CAP_NET_ADMIN)");
    assertThat(state.resolve("token")).doesNotExist();
  }

  @Test
  void aPortInUseIsOneLineAndStartsNoCapture() throws Exception {
    inventory(pod("shop", "web-1", "caliweb1"));
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int exit =
          kcap(
              new AgentCommand(signal, () -> ROOT, runner),
              "--standalone",
              "--state-dir",
              state.toString(),
              "--listen",
              "127.0.0.1:" + taken.getLocalPort());

      assertThat(exit).isEqualTo(1);
      assertThat(err.toString().lines()).hasSize(1);
      assertThat(err.toString())
          .startsWith("kcap: cannot serve the API on 127.0.0.1:" + taken.getLocalPort() + ": ")
          .contains("--listen");
      assertThat(runner.started).isEmpty();
      assertThat(state.resolve("api.address")).doesNotExist();
    }
  }

  @Test
  void aMalformedListenAddressIsAUsageError() {
    int exit =
        kcap(
            new AgentCommand(signal, () -> ROOT, runner),
            "--standalone",
            "--state-dir",
            state.toString(),
            "--listen",
            "9443");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .isEqualTo(
            "kcap: --listen \"9443\" is not HOST:PORT, such as 127.0.0.1:9443 or [::1]:9443\n");
  }

  @Test
  void helpExplainsEveryOption() {
    StringWriter help = new StringWriter();
    int exit =
        KcapMain.execute(
            new String[] {"agent", "--help"}, new PrintWriter(help), new PrintWriter(err));

    assertThat(exit).isZero();
    // picocli wraps at 80 columns, also right after a ':' or '.' inside an address or file name.
    String text = help.toString().replaceAll("([:.])\\n\\s*", "$1").replaceAll("\\s+", " ");
    assertThat(text)
        .contains("--standalone")
        .contains("--listen=HOST:PORT")
        .contains("127.0.0.1:9443")
        .contains("--metrics-listen=HOST:PORT")
        .contains("127.0.0.1:9091")
        .contains("--node=NAME")
        .contains("--capture-dir=DIR")
        .contains("--rotate-seconds=SECONDS")
        .contains("3600")
        .contains("--rotate-bytes=BYTES")
        .contains("10000000")
        .contains("--max-rotated-files=N")
        .contains("--snap-length=BYTES")
        .contains("--ring-size=BYTES")
        .contains("--status-interval=SECONDS")
        .contains("--state-dir=DIR")
        .contains("SIGTERM")
        .contains("api.address")
        .contains("root");
  }

  @Test
  void kcapListsTheAgentCommand() {
    StringWriter help = new StringWriter();
    KcapMain.execute(new String[] {"--help"}, new PrintWriter(help), new PrintWriter(err));

    assertThat(help.toString()).containsPattern("\\n\\s+agent\\s+Run the capture agent");
  }
}
