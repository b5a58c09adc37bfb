package io.kcap.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcap.agent.endpoint.Endpoint;
import io.kcap.agent.endpoint.EndpointSnapshot;
import io.kcap.agent.endpoint.Inventory;
import io.kcap.agent.endpoint.InventoryEndpointSource;
import io.kcap.agent.sandbox.CommandRunner;
import io.kcap.agent.sandbox.HostNetwork;
import io.kcap.agent.sandbox.Ipv4Cidr;
import io.kcap.agent.sandbox.PodSpec;
import io.kcap.agent.sandbox.Sandbox;
import io.kcap.agent.sandbox.SandboxPod;
import io.kcap.agent.sandbox.SandboxState;
import io.kcap.api.CaptureFiles;
import io.kcap.api.CaptureState;
import io.kcap.api.PacketCapture;
import io.kcap.api.PacketCaptureManifests;
import io.kcap.api.store.FileCaptureStore;
import io.kcap.pcap.PcapNgReader;
import io.kcap.testkit.Tcpdump;
import io.kcap.testkit.Tool;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent with the live capture engine on a real sandbox (root): pods in two namespaces, real
 * pings and TCP/UDP between them, files read back with tcpdump. The sandbox has names and a /24 of
 * 10.240.0.0/16 of its own, so that tests running at the same time never meet.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SuppressWarnings("try") // an agent runs for the duration of its try block
class AgentNetnsTest {
  private static final String NODE = "test-node";
  private static final Duration WAIT = Duration.ofSeconds(15);

  @TempDir static Path sandboxDir;
  @TempDir Path state;

  private final String suffix =
      Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xFFFFF));
  private final String shop = "shop-" + suffix;
  private final String ops = "ops-" + suffix;
  private final PodSpec web1 = new PodSpec(shop, "web-1", Map.of("app", "web"));
  private final PodSpec web2 = new PodSpec(shop, "web-2", Map.of("app", "web"));
  private final PodSpec db1 = new PodSpec(shop, "db-1", Map.of("app", "db"));
  private final PodSpec opsWeb = new PodSpec(ops, "web-1", Map.of("app", "web"));
  private Sandbox sandbox;
  private SandboxState up;

  @BeforeAll
  void up() {
    sandbox = new Sandbox(sandboxDir, CommandRunner.system(), NODE);
    up = sandbox.up(List.of(web1, web2, db1, opsWeb), freeRange());
  }

  @AfterAll
  void down() {
    if (sandbox != null) {
      sandbox.down();
    }
    if (up != null) {
      for (SandboxPod pod : up.pods()) {
        Tool.run("ip", "link", "del", pod.interfaceName());
        Tool.run("ip", "netns", "del", pod.netns());
      }
    }
  }

  // ---- the agent under test ----

  /** What an agent in a test sees: the sandbox's pods that pass a filter, plus extra ones. */
  private final class Endpoints {
    private final InventoryEndpointSource inventory =
        new InventoryEndpointSource(Inventory.in(sandboxDir), NODE);
    private final AtomicLong version = new AtomicLong();
    volatile Predicate<Endpoint> shown = e -> true;
    volatile List<Endpoint> extra = List.of();

    EndpointSnapshot snapshot() {
      List<Endpoint> all = new ArrayList<>();
      inventory.snapshot().endpoints().stream().filter(shown).forEach(all::add);
      all.addAll(extra);
      return new EndpointSnapshot(version.incrementAndGet(), all);
    }
  }

  private FileCaptureStore store() {
    return FileCaptureStore.in(state);
  }

  private NodeAgent agent(NodeSettings settings, Endpoints endpoints) {
    return NodeAgent.start(
        settings,
        store(),
        endpoints::snapshot,
        new LiveSessionRunner(InstantSource.system()),
        InstantSource.system());
  }

  private NodeAgent agent(Endpoints endpoints) {
    return agent(NodeSettings.standalone(NODE, state), endpoints);
  }

  private NodeAgent agent() {
    return agent(new Endpoints());
  }

  private void put(String namespace, String name, String spec) throws IOException {
    PacketCapture capture =
        PacketCaptureManifests.read(
                "apiVersion: kcap.io/v1\nkind: PacketCapture\nmetadata:\n  namespace: "
                    + namespace
                    + "\n  name: "
                    + name
                    + "\nspec:\n"
                    + spec.indent(2))
            .getFirst()
            .capture();
    store().put(capture);
  }

  /** Ends a capture by moving its end time into the past, and waits until it has finished. */
  private CaptureFiles finish(String namespace, String name, String spec) throws Exception {
    String past = Instant.now().minusSeconds(1).truncatedTo(ChronoUnit.SECONDS).toString();
    put(namespace, name, spec + "\nendTime: '" + past + "'");
    return awaitState(namespace, name, CaptureState.FINISHED);
  }

  private Optional<CaptureFiles> status(String namespace, String name) throws IOException {
    var capture = store().get(namespace, name);
    if (capture.isEmpty() || capture.get().getStatus() == null) {
      return Optional.empty();
    }
    return capture.get().getStatus().files().stream()
        .filter(f -> f.node().equals(NODE))
        .findFirst();
  }

  private CaptureFiles awaitState(String namespace, String name, CaptureState wanted)
      throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      Optional<CaptureFiles> files = status(namespace, name);
      if (files.flatMap(CaptureFiles::state).equals(Optional.of(wanted))) {
        return files.get();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(namespace + "/" + name + " never " + wanted + ": " + files);
      }
      Thread.sleep(20);
    }
  }

  // ---- pods, traffic and files ----

  private SandboxPod pod(PodSpec spec) {
    return up.find(spec.namespace(), spec.name()).orElseThrow();
  }

  private void ping(PodSpec from, PodSpec to, int count, String... options) {
    List<String> command =
        new ArrayList<>(List.of("ping", "-c", "" + count, "-i", "0.2", "-W", "2"));
    command.addAll(List.of(options));
    command.add(pod(to).ip());
    Tool.run(Sandbox.execCommand(pod(from), command)).orThrow();
  }

  /** A TCP connection attempt to a port nobody listens on: a SYN and its RST. */
  private void tcpToClosedPort(PodSpec from, PodSpec to) {
    Tool.run(
        Sandbox.execCommand(
            pod(from), List.of("bash", "-c", "exec 3<>/dev/tcp/" + pod(to).ip() + "/7 || true")));
  }

  private Path file(String namespace, String capture, PodSpec pod) {
    return state
        .resolve("pcap")
        .resolve(namespace)
        .resolve(capture)
        .resolve(pod.name() + "_" + pod(pod).interfaceName() + ".pcap");
  }

  private List<String> filesOf(String namespace, String capture) throws IOException {
    try (Stream<Path> files =
        Files.list(state.resolve("pcap").resolve(namespace).resolve(capture))) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  /** The packets tcpdump reads from {@code file} that match {@code expression}. */
  private static List<String> packets(Path file, String... expression) {
    List<String> command = new ArrayList<>(List.of("tcpdump", "-n", "-r", file.toString()));
    command.addAll(List.of(expression));
    return Tool.output(command.toArray(String[]::new)).lines().toList();
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  // ---- the tests ----

  @Test
  void aCaptureWritesOnlyItsSelectedPodsAndOnlyTheFilteredTraffic() throws Exception {
    String spec = "selector: app == 'web'\nfilters: [{protocol: ICMP}]";
    try (NodeAgent agent = agent()) {
      put(shop, "icmp", spec);
      awaitState(shop, "icmp", CaptureState.CAPTURING);

      ping(web1, db1, 3);
      ping(db1, web2, 2);
      ping(opsWeb, db1, 2); // another namespace's web pod: never selected
      tcpToClosedPort(web1, db1); // TCP: filtered out

      CaptureFiles done = finish(shop, "icmp", spec);
      assertThat(done.packets()).isEqualTo(10);
      assertThat(done.fileNames())
          .containsExactly(
              file(shop, "icmp", web1).getFileName().toString(),
              file(shop, "icmp", web2).getFileName().toString());
    }
    assertThat(filesOf(shop, "icmp")).hasSize(2);
    List<String> web1Packets = packets(file(shop, "icmp", web1));
    assertThat(web1Packets).hasSize(6);
    assertThat(web1Packets.stream().filter(l -> l.contains("ICMP echo request"))).hasSize(3);
    assertThat(web1Packets.stream().filter(l -> l.contains("ICMP echo reply"))).hasSize(3);
    assertThat(packets(file(shop, "icmp", web2), "icmp")).hasSize(4);
    assertThat(packets(file(shop, "icmp", web2))).hasSize(4);
    assertThat(state.resolve("pcap").resolve(ops)).doesNotExist();
  }

  @Test
  void aBpfExpressionKeepsExactlyWhatTcpdumpKeepsOnTheSameInterface() throws Exception {
    String spec = "selector: app == 'db'\nbpf: tcp port 7000 or udp port 7001";
    Path oracle = state.resolve("tcpdump.pcap");
    List<Process> listeners = new ArrayList<>();
    try (NodeAgent agent = agent()) {
      put(shop, "bpf", spec);
      awaitState(shop, "bpf", CaptureState.CAPTURING);
      Tcpdump tcpdump =
          Tcpdump.start(
              null,
              pod(db1).interfaceName(),
              oracle,
              "tcp",
              "port",
              "7000",
              "or",
              "udp",
              "port",
              "7001");
      try {
        listeners.add(start(db1, "ncat", "-l", "7000", "--recv-only"));
        listeners.add(start(db1, "ncat", "-u", "-l", "7001", "--recv-only"));
        Thread.sleep(300);
        Tool.run(
                Sandbox.execCommand(
                    pod(web1),
                    List.of(
                        "sh", "-c", "echo hello | ncat --send-only " + pod(db1).ip() + " 7000")))
            .orThrow();
        for (int i = 0; i < 3; i++) {
          Tool.run(
                  Sandbox.execCommand(
                      pod(web2),
                      List.of(
                          "sh", "-c", "echo hi | ncat -u --send-only " + pod(db1).ip() + " 7001")))
              .orThrow();
        }
        ping(web1, db1, 2);
        Thread.sleep(300);
        finish(shop, "bpf", spec);
      } finally {
        tcpdump.close();
        listeners.forEach(Process::destroyForcibly);
      }
    }
    Path ours = file(shop, "bpf", db1);
    List<String> expected = packets(oracle);
    assertThat(expected).hasSizeGreaterThanOrEqualTo(6);
    assertThat(packets(ours)).hasSameSizeAs(expected);
    assertThat(packets(ours, "udp", "port", "7001")).hasSize(3);
    assertThat(packets(ours, "icmp")).isEmpty();
  }

  private Process start(PodSpec pod, String... command) throws IOException {
    return new ProcessBuilder(Sandbox.execCommand(pod(pod), List.of(command)))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  @Test
  void statesFollowTheWindowAndTellWaitingAndErrorApart() throws Exception {
    Endpoints endpoints = new Endpoints();
    String ghostNamespace = "ghost-" + suffix;
    String missing = "caligh" + suffix;
    endpoints.extra =
        List.of(
            new Endpoint(ghostNamespace, "ghost", Map.of(), List.of("10.240.0.2"), missing, NODE));
    Instant start = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
    Instant end = start.plusSeconds(3);
    try (NodeAgent agent = agent(endpoints)) {
      put(
          shop,
          "timed",
          "selector: app == 'db'\nfilters: [{protocol: ICMP}]\nstartTime: '"
              + start
              + "'\nendTime: '"
              + end
              + "'");
      put(shop, "nobody", "selector: app == 'nothing'");
      put(ghostNamespace, "ghost", "{}");

      awaitState(shop, "timed", CaptureState.SCHEDULED);
      assertThat(awaitState(shop, "nobody", CaptureState.WAITING_FOR_TRAFFIC).fileNames())
          .isEmpty();
      CaptureFiles error = awaitState(ghostNamespace, "ghost", CaptureState.ERROR);
      assertThat(error.message())
          .startsWith("pod " + ghostNamespace + "/ghost (" + missing + "): ");
      assertThat(error.message()).contains(missing);

      awaitState(shop, "timed", CaptureState.CAPTURING);
      assertThat(Instant.now()).isAfterOrEqualTo(start);
      ping(web1, db1, 2);
      CaptureFiles finished = awaitState(shop, "timed", CaptureState.FINISHED);
      assertThat(Duration.between(end, Instant.now())).isLessThan(Duration.ofSeconds(2));
      assertThat(finished.packets()).isEqualTo(4);
    }
    assertThat(packets(file(shop, "timed", db1))).hasSize(4);
  }

  @Test
  void aChangedFilterRestartsWithTheOldFileRotatedNeverOverwritten() throws Exception {
    try (NodeAgent agent = agent()) {
      put(shop, "change", "selector: app == 'db'\nfilters: [{protocol: ICMP}]");
      awaitState(shop, "change", CaptureState.CAPTURING);
      ping(web1, db1, 3);

      put(shop, "change", "selector: app == 'db'\nfilters: [{protocol: TCP}]");
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (filesOf(shop, "change").size() < 2) {
        assertThat(System.nanoTime()).isLessThan(deadline);
        Thread.sleep(20);
      }
      awaitState(shop, "change", CaptureState.CAPTURING);
      tcpToClosedPort(web1, db1);
      tcpToClosedPort(web2, db1);
      ping(web2, db1, 2);
      finish(shop, "change", "selector: app == 'db'\nfilters: [{protocol: TCP}]");
    }
    List<String> names = filesOf(shop, "change");
    String active = file(shop, "change", db1).getFileName().toString();
    assertThat(names).hasSize(2).contains(active);
    String rotated = names.stream().filter(n -> !n.equals(active)).findFirst().orElseThrow();
    assertThat(rotated).matches("db-1_" + pod(db1).interfaceName() + "\\.\\d{13}\\.pcap");
    Path rotatedFile = file(shop, "change", db1).resolveSibling(rotated);
    assertThat(packets(rotatedFile)).hasSize(6);
    assertThat(packets(rotatedFile, "icmp")).hasSize(6);
    assertThat(packets(file(shop, "change", db1))).hasSize(4);
    assertThat(packets(file(shop, "change", db1), "tcp")).hasSize(4);
  }

  @Test
  void anAgentRestartResumesWithoutTruncatingAnyFile() throws Exception {
    String spec = "selector: app == 'db'\nfilters: [{protocol: ICMP}]";
    try (NodeAgent first = agent()) {
      put(shop, "restart", spec);
      awaitState(shop, "restart", CaptureState.CAPTURING);
      ping(web1, db1, 3);
    }
    Path active = file(shop, "restart", db1);
    String before = sha256(active);
    assertThat(packets(active)).hasSize(6);

    try (NodeAgent second = agent()) {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (filesOf(shop, "restart").size() < 2) {
        assertThat(System.nanoTime()).isLessThan(deadline);
        Thread.sleep(20);
      }
      ping(web1, db1, 2);
      CaptureFiles done = finish(shop, "restart", spec);
      assertThat(done.packets()).as("counted across both agents").isEqualTo(10);
    }
    String rotated =
        filesOf(shop, "restart").stream()
            .filter(n -> !n.equals(active.getFileName().toString()))
            .findFirst()
            .orElseThrow();
    assertThat(sha256(active.resolveSibling(rotated))).isEqualTo(before);
    assertThat(packets(active)).hasSize(4);
  }

  @Test
  void filesRotateBySizeAndTheStatusListsEveryFileOnDisk() throws Exception {
    NodeSettings settings =
        NodeSettings.standalone(NODE, state).withRotationBytes(2_000).withMaxRotatedFiles(100);
    String spec = "selector: app == 'db'\nfilters: [{protocol: ICMP}]";
    CaptureFiles done;
    try (NodeAgent agent = agent(settings, new Endpoints())) {
      put(shop, "sized", spec);
      awaitState(shop, "sized", CaptureState.CAPTURING);
      ping(web1, db1, 6, "-s", "500");
      done = finish(shop, "sized", spec);
    }
    List<String> names = filesOf(shop, "sized");
    assertThat(names).hasSizeGreaterThanOrEqualTo(4);
    assertThat(done.fileNames()).isEqualTo(names);
    int total = 0;
    for (String name : names) {
      Path path = state.resolve("pcap").resolve(shop).resolve("sized").resolve(name);
      assertThat(Files.size(path)).isLessThanOrEqualTo(2_000);
      total += packets(path).size();
    }
    assertThat(total).isEqualTo(12);
  }

  @Test
  void aPcapngCaptureRotatesResumesAfterARestartAndListsEveryWholeFile() throws Exception {
    NodeSettings settings =
        NodeSettings.standalone(NODE, state).withRotationBytes(2_000).withMaxRotatedFiles(100);
    String spec = "selector: app == 'db'\nfilters: [{protocol: ICMP}]\nformat: pcapng";
    String iface = pod(db1).interfaceName();
    Path directory = state.resolve("pcap").resolve(shop).resolve("ng");
    Path active = directory.resolve("db-1_" + iface + ".pcapng");
    try (NodeAgent first = agent(settings, new Endpoints())) {
      put(shop, "ng", spec);
      awaitState(shop, "ng", CaptureState.CAPTURING);
      // 542-byte frames: three fit in 2000 bytes with the pcapng headers and statistics.
      ping(web1, db1, 6, "-s", "500");
    }
    List<String> before = filesOf(shop, "ng");
    assertThat(before).hasSize(4).contains(active.getFileName().toString());
    Map<String, String> digests = new TreeMap<>();
    for (String name : before) {
      digests.put(name, sha256(directory.resolve(name)));
    }

    CaptureFiles done;
    try (NodeAgent second = agent(settings, new Endpoints())) {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (filesOf(shop, "ng").size() < 5) {
        assertThat(System.nanoTime()).isLessThan(deadline);
        Thread.sleep(20);
      }
      ping(web1, db1, 2);
      done = finish(shop, "ng", spec);
    }
    assertThat(done.packets()).as("counted across both agents").isEqualTo(16);
    List<String> names = filesOf(shop, "ng");
    assertThat(done.fileNames()).isEqualTo(names);
    assertThat(names)
        .hasSize(5)
        .allSatisfy(n -> assertThat(n).matches("db-1_" + iface + "(\\.\\d{13})?\\.pcapng"));
    // Nothing written before the restart changed; the active file was moved aside whole.
    for (String name : before) {
      if (!name.equals(active.getFileName().toString())) {
        assertThat(sha256(directory.resolve(name))).as(name).isEqualTo(digests.get(name));
      }
    }
    List<String> newNames = new ArrayList<>(names);
    newNames.removeAll(before);
    assertThat(newNames).hasSize(1);
    assertThat(sha256(directory.resolve(newNames.getFirst())))
        .isEqualTo(digests.get(active.getFileName().toString()));

    int total = 0;
    for (String name : names) {
      Path path = directory.resolve(name);
      List<String> blocks = blocks(path);
      assertThat(blocks.subList(0, 2))
          .as(name)
          .containsExactly("SectionHeader", "InterfaceDescription");
      assertThat(blocks.subList(2, blocks.size() - 1)).as(name).containsOnly("EnhancedPacket");
      assertThat(blocks.getLast()).as(name).isEqualTo("InterfaceStatistics");
      assertThat(Files.size(path)).isLessThanOrEqualTo(2_000);
      List<String> interfaces =
          Tool.output("tshark", "-r", path.toString(), "-T", "fields", "-e", "frame.interface_name")
              .lines()
              .toList();
      assertThat(interfaces).hasSize(blocks.size() - 3).containsOnly(iface);
      total += interfaces.size();
    }
    assertThat(total).isEqualTo(16);
    assertThat(packets(active, "icmp")).hasSize(4);
  }

  /** The kinds of a pcapng file's blocks in order, read with kcap-pcap's reader. */
  private static List<String> blocks(Path file) throws IOException {
    List<String> kinds = new ArrayList<>();
    try (PcapNgReader reader = PcapNgReader.open(FileChannel.open(file))) {
      kinds.add(reader.block().getClass().getSimpleName());
      while (reader.nextBlock()) {
        kinds.add(reader.block().getClass().getSimpleName());
      }
    }
    return kinds;
  }

  @Test
  void deletingACaptureStopsItAndKeepsItsCompleteFiles() throws Exception {
    try (NodeAgent agent = agent()) {
      put(shop, "deleted", "selector: app == 'db'\nfilters: [{protocol: ICMP}]");
      awaitState(shop, "deleted", CaptureState.CAPTURING);
      ping(web1, db1, 3);

      store().delete(shop, "deleted");
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (!agent.metrics().exposition().contains("kcap_active_sessions 0\n")) {
        assertThat(System.nanoTime()).isLessThan(deadline);
        Thread.sleep(20);
      }
      ping(web1, db1, 2);
    }
    assertThat(packets(file(shop, "deleted", db1))).hasSize(6);
  }

  @Test
  void maxPacketsIsOneBudgetForAllPodsOfTheNode() throws Exception {
    try (NodeAgent agent = agent()) {
      put(
          shop,
          "limited",
          "selector: app == 'web'\nfilters: [{protocol: ICMP}]\nlimits: {maxPackets: 5}");
      awaitState(shop, "limited", CaptureState.CAPTURING);
      ping(web1, web2, 5);

      CaptureFiles done = awaitState(shop, "limited", CaptureState.FINISHED);
      assertThat(done.message()).isEqualTo("maxPackets 5 reached on this node");
      assertThat(done.packets()).isEqualTo(5);
    }
    int total = 0;
    for (String name : filesOf(shop, "limited")) {
      total += packets(state.resolve("pcap").resolve(shop).resolve("limited").resolve(name)).size();
    }
    assertThat(total).isEqualTo(5);
  }

  @Test
  void aPodThatAppearsIsCapturedAndOneThatGoesHasItsFileClosed() throws Exception {
    Endpoints endpoints = new Endpoints();
    endpoints.shown = e -> !e.name().equals("db-1");
    try (NodeAgent agent = agent(endpoints)) {
      put(shop, "appears", "selector: app == 'db'\nfilters: [{protocol: ICMP}]");
      awaitState(shop, "appears", CaptureState.WAITING_FOR_TRAFFIC);

      endpoints.shown = e -> true;
      awaitState(shop, "appears", CaptureState.CAPTURING);
      ping(web1, db1, 2);

      endpoints.shown = e -> !e.name().equals("db-1");
      awaitState(shop, "appears", CaptureState.WAITING_FOR_TRAFFIC);
      ping(web1, db1, 1);
    }
    assertThat(packets(file(shop, "appears", db1))).hasSize(4);
  }

  @Test
  void anInterfaceThatVanishesWhileCapturedIsAnErrorSayingSo() throws Exception {
    String namespace = "vanish-" + suffix;
    String iface = "kv" + suffix + "a";
    Tool.run("ip", "link", "add", iface, "type", "veth", "peer", "name", "kv" + suffix + "b")
        .orThrow();
    try {
      Tool.run("ip", "link", "set", iface, "up").orThrow();
      Endpoints endpoints = new Endpoints();
      endpoints.extra =
          List.of(new Endpoint(namespace, "pod", Map.of(), List.of("10.240.0.3"), iface, NODE));
      try (NodeAgent agent = agent(endpoints)) {
        put(namespace, "vanish", "{}");
        awaitState(namespace, "vanish", CaptureState.CAPTURING);

        Tool.run("ip", "link", "del", iface).orThrow();

        CaptureFiles error = awaitState(namespace, "vanish", CaptureState.ERROR);
        assertThat(error.message())
            .isEqualTo("interface " + iface + " of pod " + namespace + "/pod vanished");
        assertThat(error.fileNames()).containsExactly("pod_" + iface + ".pcap");
      }
    } finally {
      Tool.run("ip", "link", "del", iface);
    }
  }

  /** A /24 of 10.240.0.0/16 that no route on this host touches yet. */
  private static Ipv4Cidr freeRange() {
    List<HostNetwork.Route> routes = HostNetwork.observe(CommandRunner.system()).routes();
    for (int attempt = 0; attempt < 100; attempt++) {
      Ipv4Cidr candidate =
          Ipv4Cidr.parse("10.240." + ThreadLocalRandom.current().nextInt(16, 250) + ".0/24");
      if (routes.stream().noneMatch(route -> route.destination().overlaps(candidate))) {
        return candidate;
      }
    }
    throw new IllegalStateException("no free /24 in 10.240.0.0/16 on this host");
  }
}
