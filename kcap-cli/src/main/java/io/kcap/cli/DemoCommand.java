package io.kcap.cli;

import io.kcap.agent.AgentException;
import io.kcap.agent.endpoint.CalicoNames;
import io.kcap.agent.sandbox.Capabilities;
import io.kcap.agent.sandbox.CommandRunner;
import io.kcap.agent.sandbox.HostNetwork;
import io.kcap.agent.sandbox.Ipv4Cidr;
import io.kcap.agent.sandbox.PodSpec;
import io.kcap.agent.sandbox.Sandbox;
import io.kcap.agent.sandbox.SandboxPod;
import io.kcap.agent.sandbox.SandboxState;
import io.kcap.api.CaptureFiles;
import io.kcap.api.CaptureState;
import io.kcap.api.ExpressionChecks;
import io.kcap.api.PacketCapture;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kcap demo}: the whole product on one machine in one command. It makes sandbox pods in two
 * namespaces, starts the standalone agent in this process, applies a capture through the path of
 * {@code kcap apply}, makes traffic the capture must keep and traffic it must not, waits for the
 * capture's end time, downloads the zip through the API and summarizes what each file caught.
 * Everything but the zip is removed at the end, also on failure and on Ctrl-C.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Show kcap end to end on this machine in about 20 seconds: sandbox pods shop/web-1,"
          + " shop/web-2 (app=web), shop/db-1 (app=db) and other/web-9 (app=web); the standalone"
          + " agent; a PacketCapture of app == \"web\" in namespace shop for TCP "
          + DemoTraffic.HTTP_PORT
          + " and UDP "
          + DemoTraffic.UDP_PORT
          + "; HTTP, UDP, ping and other traffic between the pods; then the capture's files,"
          + " downloaded as a zip through the API, with the packets and protocols each caught.",
      "",
      "Needs root (it makes network namespaces and captures), ncat and ss. Works in a temporary"
          + " state directory and removes the pods, the agent and that directory at the end, also"
          + " when it fails or is interrupted; only the zip stays.",
      ""
    })
final class DemoCommand implements Callable<Integer> {
  static final String CAPTURE_NAME = "web-traffic";
  private static final Duration ACTIVE_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration FINISH_GRACE = Duration.ofSeconds(20);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration HOOK_PATIENCE = Duration.ofSeconds(10);
  private static final DateTimeFormatter ZIP_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneId.systemDefault());

  @Spec CommandSpec spec;

  @Option(
      names = "--duration",
      paramLabel = "SECONDS",
      defaultValue = "8",
      description =
          "How long the capture runs: its endTime is this many seconds after it is applied"
              + " (default: ${DEFAULT-VALUE}, at least 5).")
  int durationSeconds;

  @Option(
      names = "--output-dir",
      paramLabel = "DIR",
      defaultValue = "/var/tmp",
      description = "Where the downloaded zip is kept (default: ${DEFAULT-VALUE}).")
  Path outputDir;

  private final AgentLauncher launcher;
  private final CaptureApplier applier;
  private final InstantSource clock;
  private final CommandRunner runner = CommandRunner.system();

  DemoCommand(AgentLauncher launcher, ExpressionChecks checks, InstantSource clock) {
    this.launcher = Objects.requireNonNull(launcher);
    this.applier = new CaptureApplier(checks);
    this.clock = Objects.requireNonNull(clock);
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (durationSeconds < 5 || durationSeconds > 3600) {
      throw new CliException("--duration " + durationSeconds + " is outside 5-3600 seconds", 2);
    }
    Capabilities capabilities = Capabilities.ofThisProcess();
    if (!capabilities.canManageSandbox() || !capabilities.canCapture()) {
      throw new CliException(
          "kcap demo needs root (CAP_NET_ADMIN, CAP_SYS_ADMIN and CAP_NET_RAW) to make its"
              + " sandbox pods and capture them; run it as root or with sudo",
          77);
    }
    List<String> missing = DemoTraffic.missingPrograms();
    if (!missing.isEmpty()) {
      throw new CliException(
          "kcap demo needs "
              + String.join(" and ", missing)
              + " to make traffic between its pods (Debian: apt-get install ncat iproute2)",
          69);
    }
    Files.createDirectories(outputDir);
    Path state = Files.createTempDirectory("kcap-demo-");
    Teardown teardown = new Teardown(state, err);
    // On Ctrl-C the demo stops where it is and cleans up itself; only if it does not within
    // HOOK_PATIENCE does the hook clean up, so that no step of the demo makes something after
    // the clean-up has removed everything.
    Thread demo = Thread.currentThread();
    CountDownLatch cleanedUp = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              demo.interrupt();
              try {
                cleanedUp.await(HOOK_PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              teardown.run(Optional.empty());
            },
            "kcap-demo-teardown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return run(state, teardown, out, err);
    } finally {
      teardown.run(Optional.of(out));
      cleanedUp.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // Already shutting down (Ctrl-C): the hook has run or runs now; either way once.
      }
    }
  }

  private int run(Path state, Teardown teardown, PrintWriter out, PrintWriter err)
      throws IOException {
    out.println(
        "kcap demo: capture the traffic of pods chosen by a selector, from manifest to pcap"
            + " files, on this machine");
    out.println("state directory " + state + " (removed at the end)");
    out.println();

    // 1. Pods.
    Sandbox sandbox = new Sandbox(state, runner, Sandbox.localNode());
    HostNetwork host = HostNetwork.observe(runner);
    String suffix = freeSuffix(host);
    String shop = "shop" + suffix;
    String other = "other" + suffix;
    Ipv4Cidr cidr = freeRange(host);
    List<PodSpec> pods =
        List.of(
            new PodSpec(shop, "web-1", Map.of("app", "web")),
            new PodSpec(shop, "web-2", Map.of("app", "web")),
            new PodSpec(shop, "db-1", Map.of("app", "db")),
            new PodSpec(other, "web-9", Map.of("app", "web")));
    step(
        out, 1, "making 4 sandbox pods (network namespaces wired as Calico wires pods) in " + cidr);
    teardown.sandbox = Optional.of(sandbox);
    SandboxState sandboxState;
    try {
      sandboxState = sandbox.up(pods, cidr);
    } catch (AgentException e) {
      throw SandboxCommand.failure(e);
    }
    printPods(out, sandboxState);

    // 2. Agent.
    step(out, 2, "starting the standalone agent in this process");
    teardown.agent =
        Optional.of(
            launcher.start(state, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
    try (StandaloneClient client = StandaloneClient.connect(state, Optional.empty())) {
      detail(out, "serving the API at " + client.base());

      // 3. Capture.
      Instant end =
          clock.instant().plusSeconds(durationSeconds + 1).truncatedTo(ChronoUnit.SECONDS);
      String manifest = manifest(shop, end);
      step(
          out,
          3,
          "applying a capture of the pods app == \"web\" in namespace "
              + shop
              + ", TCP "
              + DemoTraffic.HTTP_PORT
              + " and UDP "
              + DemoTraffic.UDP_PORT
              + ", until "
              + end
              + " (as `kcap apply -f` does)");
      manifest.lines().forEach(line -> detail(out, "  " + line));
      List<PacketCapture> captures =
          applier.prepare(
              List.of(new CaptureApplier.Source("the demo's manifest", manifest)),
              Optional.empty(),
              err);
      PrintWriter indented = indented(out);
      if (applier.send(captures, client, indented, err) != 0) {
        throw new CliException("the agent refused the demo's capture", 1);
      }
      CaptureState active = awaitActive(client, shop);
      detail(out, "the agent reports " + active.wireName());

      // 4. Traffic.
      step(out, 4, "making traffic between the pods");
      var traffic =
          new DemoTraffic(
              runner,
              pod(sandboxState, shop, "web-1"),
              pod(sandboxState, shop, "web-2"),
              pod(sandboxState, shop, "db-1"),
              pod(sandboxState, other, "web-9"));
      teardown.traffic = Optional.of(traffic);
      traffic.startServers();
      printFlows(out, traffic.run());
      traffic.close();

      // 5. End of the capture.
      step(out, 5, "waiting for the capture's end time, " + end);
      Duration waited = awaitFinished(client, shop, end);
      detail(out, "the agent reports Finished (" + waited.toSeconds() + " s)");

      // 6. Files.
      step(out, 6, "downloading the capture's files through the API (as `kcap copy` does)");
      Path zip = download(client, shop);
      detail(out, zip + " (" + Progress.size(Files.size(zip)) + ")");
      out.println();
      printSummary(out, zip, sandboxState, shop);
      out.println();
      out.println("zip: " + zip);
      out.flush();
      return 0;
    }
  }

  /** The demo's PacketCapture, as a user would write it. */
  static String manifest(String namespace, Instant end) {
    return """
        apiVersion: kcap.io/v1
        kind: PacketCapture
        metadata:
          name: %s
          namespace: %s
        spec:
          selector: app == "web"
          filters:
            - protocol: TCP
              ports: [%d]
            - protocol: UDP
              ports: [%d]
          endTime: "%s"
        """
        .formatted(CAPTURE_NAME, namespace, DemoTraffic.HTTP_PORT, DemoTraffic.UDP_PORT, end);
  }

  private CaptureState awaitActive(StandaloneClient client, String namespace) throws IOException {
    Instant deadline = clock.instant().plus(ACTIVE_TIMEOUT);
    while (true) {
      Optional<CaptureState> state = state(client, namespace);
      if (state.isPresent() && state.get() == CaptureState.ERROR) {
        throw new IOException("the agent could not capture: " + messages(client, namespace));
      }
      if (state.isPresent() && state.get() != CaptureState.SCHEDULED) {
        // Status follows opening the sockets; a moment more and the first packets are theirs.
        pause(Duration.ofMillis(300));
        return state.get();
      }
      if (clock.instant().isAfter(deadline)) {
        throw new IOException(
            "the agent did not start capturing within " + ACTIVE_TIMEOUT.toSeconds() + " s");
      }
      pause(POLL);
    }
  }

  private Duration awaitFinished(StandaloneClient client, String namespace, Instant end)
      throws IOException {
    Instant started = clock.instant();
    Instant deadline = end.plus(FINISH_GRACE);
    while (true) {
      List<CaptureFiles> nodes = nodes(client, namespace);
      Optional<CaptureState> state = CaptureTable.state(nodes);
      if (state.isPresent() && state.get() == CaptureState.ERROR) {
        throw new IOException("the capture failed: " + messages(client, namespace));
      }
      boolean finished =
          !nodes.isEmpty()
              && nodes.stream().allMatch(n -> n.state().equals(Optional.of(CaptureState.FINISHED)));
      if (finished) {
        return Duration.between(started, clock.instant());
      }
      if (clock.instant().isAfter(deadline)) {
        throw new IOException(
            "the capture did not finish within "
                + FINISH_GRACE.toSeconds()
                + " s of its end time; the agent reports "
                + state.map(CaptureState::wireName).orElse("nothing"));
      }
      pause(POLL);
    }
  }

  private static List<CaptureFiles> nodes(StandaloneClient client, String namespace)
      throws IOException {
    PacketCapture capture =
        client
            .get(namespace, CAPTURE_NAME)
            .orElseThrow(() -> new IOException("the demo's capture disappeared from the agent"));
    return CaptureTable.nodes(capture);
  }

  private static Optional<CaptureState> state(StandaloneClient client, String namespace)
      throws IOException {
    return CaptureTable.state(nodes(client, namespace));
  }

  private static String messages(StandaloneClient client, String namespace) throws IOException {
    return nodes(client, namespace).stream()
        .map(n -> n.node() + ": " + (n.message().isEmpty() ? "no message" : n.message()))
        .collect(Collectors.joining("; "));
  }

  /** Downloads the zip into the output directory under a name of its own, never half-written. */
  private Path download(StandaloneClient client, String namespace) throws IOException {
    Path temporary = Files.createTempFile(outputDir, ".kcap-demo-", ".zip.part");
    try {
      try (InputStream in =
          client
              .download(namespace, CAPTURE_NAME)
              .orElseThrow(() -> new IOException("the agent knows no files of the capture"))) {
        Files.copy(in, temporary, StandardCopyOption.REPLACE_EXISTING);
      }
      String stamp = ZIP_TIME.format(clock.instant());
      for (int attempt = 1; ; attempt++) {
        Path zip =
            outputDir
                .toAbsolutePath()
                .normalize()
                .resolve("kcap-demo-" + stamp + (attempt == 1 ? "" : "-" + attempt) + ".zip");
        try {
          Files.move(temporary, zip); // never replaces the zip of an earlier run
          return zip;
        } catch (FileAlreadyExistsException e) {
          // Two runs within a second: take the next name.
        }
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  private static void printSummary(
      PrintWriter out, Path zip, SandboxState sandbox, String namespace) throws IOException {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("FILE", "POD", "PACKETS", "BYTES", "PROTOCOLS"));
    List<String> podsWithFiles = new ArrayList<>();
    try (ZipFile file = new ZipFile(zip.toFile())) {
      List<? extends ZipEntry> entries =
          file.stream().sorted(Comparator.comparing(ZipEntry::getName)).toList();
      for (ZipEntry entry : entries) {
        PcapSummary summary;
        try (InputStream in = file.getInputStream(entry)) {
          summary = PcapSummary.read(in);
        }
        String pod =
            sandbox.pods().stream()
                .filter(p -> entry.getName().contains("_" + p.interfaceName()))
                .map(SandboxPod::qualifiedName)
                .findFirst()
                .orElse("-");
        podsWithFiles.add(pod);
        rows.add(
            List.of(
                entry.getName(),
                pod,
                Long.toString(summary.packets()),
                Long.toString(summary.bytes()),
                summary.protocolsText()));
      }
    }
    if (rows.size() == 1) {
      out.println("the capture wrote no files");
    } else {
      CaptureTable.align(rows).forEach(out::println);
    }
    List<String> without =
        sandbox.pods().stream()
            .map(SandboxPod::qualifiedName)
            .filter(pod -> !podsWithFiles.contains(pod))
            .toList();
    out.println(
        "no files for "
            + (without.isEmpty() ? "no pod" : String.join(", ", without))
            + ": the selector app == \"web\" picks pods of namespace "
            + namespace
            + " only");
  }

  private static void printPods(PrintWriter out, SandboxState state) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("NAMESPACE", "NAME", "IP", "INTERFACE", "LABELS"));
    for (SandboxPod pod : state.pods()) {
      rows.add(
          List.of(
              pod.namespace(),
              pod.name(),
              pod.ip(),
              pod.interfaceName(),
              pod.spec().labels().entrySet().stream()
                  .map(e -> e.getKey() + "=" + e.getValue())
                  .collect(Collectors.joining(","))));
    }
    CaptureTable.align(rows).forEach(line -> detail(out, line));
  }

  private static void printFlows(PrintWriter out, List<DemoTraffic.Outcome> outcomes) {
    List<List<String>> rows = new ArrayList<>();
    for (DemoTraffic.Outcome outcome : outcomes) {
      DemoTraffic.Flow flow = outcome.flow();
      rows.add(
          List.of(
              flow.protocol(),
              flow.from() + " -> " + flow.to(),
              flow.what(),
              outcome.succeeded() ? flow.verdict() : "FAILED: " + outcome.problem()));
    }
    CaptureTable.align(rows).forEach(line -> detail(out, line));
  }

  private static SandboxPod pod(SandboxState state, String namespace, String name) {
    return state
        .find(namespace, name)
        .orElseThrow(
            () -> new IllegalStateException("the sandbox has no pod " + namespace + "/" + name));
  }

  /**
   * Empty when the demo's usual names are free; otherwise a suffix for its namespaces, so that the
   * demo never collides with a sandbox already up (another demo, or {@code kcap sandbox up}).
   */
  private static String freeSuffix(HostNetwork host) {
    boolean taken =
        Stream.of("shop.web-1", "shop.web-2", "shop.db-1", "other.web-9")
            .map(pod -> pod.split("\\."))
            // A pod's interface and network namespace come and go together.
            .anyMatch(
                pod -> host.links().contains(CalicoNames.vethNameForWorkload(pod[0], pod[1])));
    if (!taken) {
      return "";
    }
    byte[] random = new byte[2];
    ThreadLocalRandom.current().nextBytes(random);
    return "-" + HexFormat.of().formatHex(random);
  }

  /** A /24 of 10.241.0.0/16 that no host route overlaps, starting at a random one. */
  private static Ipv4Cidr freeRange(HostNetwork host) {
    int start = ThreadLocalRandom.current().nextInt(256);
    for (int i = 0; i < 256; i++) {
      Ipv4Cidr candidate = Ipv4Cidr.parse("10.241." + (start + i) % 256 + ".0/24");
      if (host.routes().stream().noneMatch(route -> route.destination().overlaps(candidate))) {
        return candidate;
      }
    }
    throw new CliException(
        "no free /24 in 10.241.0.0/16 for the demo's pods: every one overlaps a host route", 1);
  }

  private static void step(PrintWriter out, int number, String what) {
    out.println("[" + number + "/6] " + what);
    out.flush();
  }

  private static void detail(PrintWriter out, String line) {
    out.println("      " + line);
    out.flush();
  }

  /** A writer whose lines are details of the current step (for {@code kcap apply}'s output). */
  private static PrintWriter indented(PrintWriter target) {
    return new PrintWriter(target, true) {
      @Override
      public void println(String line) {
        detail(target, line);
      }
    };
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted", 130);
    }
  }

  /**
   * Undoes what the demo made, once, whichever comes first: the end of the demo, or the JVM's
   * shutdown on Ctrl-C. Each part is undone even when another fails.
   */
  private static final class Teardown {
    private final Path state;
    private final PrintWriter err;
    volatile Optional<DemoTraffic> traffic = Optional.empty();
    volatile Optional<AgentLauncher.RunningAgent> agent = Optional.empty();
    volatile Optional<Sandbox> sandbox = Optional.empty();
    private boolean done;

    Teardown(Path state, PrintWriter err) {
      this.state = state;
      this.err = err;
    }

    /**
     * @param out where to say what was removed; empty in the shutdown hook
     */
    synchronized void run(Optional<PrintWriter> out) {
      if (done) {
        return;
      }
      done = true;
      // An interrupted thread cannot wait for the processes that remove things; it clears the
      // flag for the clean-up and sets it again after.
      boolean interrupted = Thread.interrupted();
      try {
        undo(out, interrupted);
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }

    private void undo(Optional<PrintWriter> out, boolean interrupted) {
      List<String> problems = new ArrayList<>();
      traffic.ifPresent(DemoTraffic::close);
      agent.ifPresent(
          running -> {
            try {
              running.close();
            } catch (RuntimeException e) {
              problems.add("stopping the agent: " + e.getMessage());
            }
          });
      sandbox.ifPresent(
          pods -> {
            try {
              pods.down();
            } catch (AgentException e) {
              problems.add(
                  "removing the sandbox: "
                      + e.getMessage()
                      + "; run `kcap sandbox down --state-dir "
                      + state
                      + "`");
            }
          });
      if (problems.isEmpty()) {
        try {
          deleteTree(state);
        } catch (IOException e) {
          problems.add("removing " + state + ": " + e.getMessage());
        }
      }
      List<String> undone = new ArrayList<>();
      agent.ifPresent(running -> undone.add("stopped the agent"));
      sandbox.ifPresent(pods -> undone.add("removed the pods"));
      undone.add(problems.isEmpty() ? "removed " + state : "kept " + state);
      if (out.isPresent()) {
        out.get()
            .println(
                (interrupted ? "interrupted; " : "") + "cleaned up: " + String.join(", ", undone));
        out.get().flush();
      } else {
        err.println("kcap: demo interrupted; cleaned up: " + String.join(", ", undone));
      }
      problems.forEach(problem -> err.println("kcap: demo clean-up: " + problem));
      err.flush();
    }

    private static void deleteTree(Path root) throws IOException {
      if (!Files.exists(root)) {
        return;
      }
      try (Stream<Path> walk = Files.walk(root)) {
        for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(path);
        }
      }
    }
  }
}
