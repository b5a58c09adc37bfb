package io.kcap.cli;

import io.kcap.agent.NodeSettings;
import io.kcap.agent.SessionRunner;
import io.kcap.agent.sandbox.Capabilities;
import io.kcap.agent.sandbox.Sandbox;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kcap agent --standalone}: the node agent and its API in one foreground process. */
@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Run the capture agent of this node in the foreground until Ctrl-C (SIGINT) or SIGTERM,"
          + " which stop every capture with its files complete and exit with status 0.",
      "",
      "Standalone (the only mode for now; Kubernetes mode comes later): captures are kept in"
          + " <state dir>/captures and managed through the HTTPS API this process serves"
          + " (kcap apply/get/delete/cp, or any HTTP client with the token); the pods are the"
          + " sandbox's (kcap sandbox up), read from <state dir>/inventory.yaml. The API's"
          + " self-signed certificate is made in <state dir>/tls.p12, its bearer token in"
          + " <state dir>/token (mode 0600), and its address is written to"
          + " <state dir>/api.address once it serves.",
      "",
      "Each capture writes <capture dir>/NAMESPACE/CAPTURE/POD_INTERFACE.pcap per selected pod"
          + " (.pcapng with the capture's format: pcapng), rotated by time and size into"
          + " POD_INTERFACE.MILLIS.pcap; files are kept when a capture ends or is deleted, and"
          + " never overwritten when the agent restarts: an active file left by an earlier run"
          + " is moved aside under its rotated name."
          + " Capturing needs root (CAP_NET_RAW and CAP_NET_ADMIN).",
      ""
    })
final class AgentCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin StateDirOption stateDir;

  @Option(
      names = "--standalone",
      description =
          "Run without Kubernetes: captures from the state directory's store, pods from the"
              + " sandbox's inventory, and the API served by this process. Required for now.")
  boolean standalone;

  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      defaultValue = "127.0.0.1:9443",
      description = "Where the HTTPS API listens (default: ${DEFAULT-VALUE}; port 0 picks one).")
  String listen;

  @Option(
      names = "--metrics-listen",
      paramLabel = "HOST:PORT",
      defaultValue = "127.0.0.1:9091",
      description =
          "Where Prometheus metrics are served over plain HTTP, at /metrics (default:"
              + " ${DEFAULT-VALUE}; port 0 picks one).")
  String metricsListen;

  @Option(
      names = "--node",
      paramLabel = "NAME",
      description =
          "This node's name in capture status and download zips (default: the host name, which"
              + " kcap sandbox up also records for its pods; only endpoints of this node are"
              + " captured).")
  String node;

  @Option(
      names = "--capture-dir",
      paramLabel = "DIR",
      description = "Where capture files are written (default: <state dir>/pcap).")
  Path captureDir;

  @Option(
      names = "--rotate-seconds",
      paramLabel = "SECONDS",
      defaultValue = "3600",
      description = "Rotate a capture file once it covers this long (default: ${DEFAULT-VALUE}).")
  long rotateSeconds;

  @Option(
      names = "--rotate-bytes",
      paramLabel = "BYTES",
      defaultValue = "10000000",
      description =
          "Rotate a capture file before it grows past this size (default: ${DEFAULT-VALUE}).")
  long rotateBytes;

  @Option(
      names = "--max-rotated-files",
      paramLabel = "N",
      defaultValue = "2",
      description =
          "Rotated files kept per pod interface besides the active one; older ones are deleted"
              + " (default: ${DEFAULT-VALUE}).")
  int maxRotatedFiles;

  @Option(
      names = "--snap-length",
      paramLabel = "BYTES",
      defaultValue = "262144",
      description =
          "Bytes kept of each packet when a capture sets no snapLength (default:"
              + " ${DEFAULT-VALUE}, whole packets).")
  int snapLength;

  @Option(
      names = "--ring-size",
      paramLabel = "BYTES",
      defaultValue = "33554432",
      description =
          "Kernel ring per captured interface; larger rides out longer bursts (default:"
              + " ${DEFAULT-VALUE}, 32 MiB).")
  long ringBytes;

  @Option(
      names = "--status-interval",
      paramLabel = "SECONDS",
      defaultValue = "5",
      description =
          "How often packet counters in capture status are refreshed; state changes are written"
              + " at once (default: ${DEFAULT-VALUE}).")
  long statusSeconds;

  private final ShutdownSignal shutdown;
  private final Supplier<Capabilities> capabilities;
  private final SessionRunner runner;

  AgentCommand() {
    this(ShutdownSignal.ofJvm(), Capabilities::ofThisProcess, LiveCapture.runner());
  }

  AgentCommand(ShutdownSignal shutdown, Supplier<Capabilities> capabilities, SessionRunner runner) {
    this.shutdown = Objects.requireNonNull(shutdown, "shutdown");
    this.capabilities = Objects.requireNonNull(capabilities, "capabilities");
    this.runner = Objects.requireNonNull(runner, "runner");
  }

  @Override
  @SuppressWarnings("try") // the log only needs to be open while the agent runs
  public Integer call() throws IOException {
    if (!standalone) {
      throw new CliException(
          "kcap agent runs standalone only for now: add --standalone (Kubernetes mode comes in a"
              + " later release)",
          2);
    }
    if (!capabilities.get().canCapture()) {
      throw new CliException(
          "kcap agent needs root (CAP_NET_RAW and CAP_NET_ADMIN) to capture packets; run it as"
              + " root or with sudo",
          77);
    }
    StandaloneAgent.Config config = config();
    PrintWriter out = spec.commandLine().getOut();
    int exitCode = 1;
    try (AgentLog log = AgentLog.to(spec.commandLine().getErr());
        StandaloneAgent agent = StandaloneAgent.start(config, runner)) {
      NodeSettings settings = config.settings();
      out.println(
          "kcap agent: node "
              + settings.node()
              + ", API https://"
              + ListenAddress.format(agent.apiAddress())
              + ", metrics http://"
              + ListenAddress.format(agent.metricsAddress())
              + "/metrics, files in "
              + settings.captureDirectory());
      out.println(
          "kcap agent: token in "
              + config.stateDirectory().resolve(StandaloneAgent.TOKEN_FILE)
              + "; stop with Ctrl-C");
      out.flush();
      shutdown.await();
      out.println("kcap agent: stopping; completing every capture file");
      out.flush();
      exitCode = 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      // The agent is closed by now; say so before finished(), after which the shutdown hook may
      // halt the process at any instant.
      out.println("kcap agent: stopped");
      out.flush();
      shutdown.finished(exitCode);
    }
    return exitCode;
  }

  private StandaloneAgent.Config config() {
    Path state = stateDir.path();
    NodeSettings settings =
        NodeSettings.standalone(node == null ? Sandbox.localNode() : node, state)
            .withRotationInterval(Duration.ofSeconds(positive("--rotate-seconds", rotateSeconds)))
            .withRotationBytes(rotateBytes)
            .withMaxRotatedFiles(maxRotatedFiles)
            .withDefaultSnapLength(snapLength)
            .withRingBytes(ringBytes)
            .withStatusInterval(Duration.ofSeconds(positive("--status-interval", statusSeconds)));
    if (captureDir != null) {
      settings = settings.withCaptureDirectory(captureDir);
    }
    return new StandaloneAgent.Config(
        state,
        ListenAddress.parse("--listen", listen),
        ListenAddress.parse("--metrics-listen", metricsListen),
        settings);
  }

  private static long positive(String option, long value) {
    if (value < 1) {
      throw new IllegalArgumentException(option + " " + value + " is below 1");
    }
    return value;
  }
}
