package io.kcap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcap.agent.sandbox.Sandbox;
import io.kcap.api.PacketCapture;
import io.kcap.api.PacketCaptureManifests;
import io.kcap.api.store.FileCaptureStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kcap apply|get|delete|copy|clean --standalone} through {@link KcapMain}, against the real
 * standalone agent on loopback: its store, its resource routes, its status, its file routes.
 */
class CaptureCommandsTest {
  private static final String WEB_CAPTURE =
      """
      apiVersion: kcap.io/v1
      kind: PacketCapture
      metadata:
        name: web-capture
        namespace: shop
      spec:
        selector: app == "web"
        filters:
          - protocol: TCP
            ports: [8080]
      """;

  /** The standalone agent's node: this machine. */
  private static final String NODE = Sandbox.localNode();

  @TempDir Path dir;
  private Path state;
  private StandaloneAgent agent;
  private FileCaptureStore store;
  private String stdin = "";

  record Run(int exitCode, String out, String err) {}

  @BeforeEach
  void startAgent() throws IOException {
    state = Files.createDirectories(dir.resolve("state"));
    TestIdentity.copyTo(state);
    agent = startAgent(state);
    store = FileCaptureStore.in(state);
  }

  private static StandaloneAgent startAgent(Path state) throws IOException {
    InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    return StandaloneAgent.start(
        StandaloneAgent.Config.defaults(state).withListen(loopback).withMetricsListen(loopback));
  }

  private int port() {
    return agent.apiAddress().getPort();
  }

  private Optional<PacketCapture> stored(String namespace, String name) throws IOException {
    return store.get(namespace, name);
  }

  /** A file of a capture, where the agent writes them. */
  private Path writeFile(String namespace, String name, String fileName, byte[] content)
      throws IOException {
    Path directory =
        Files.createDirectories(state.resolve("pcap").resolve(namespace).resolve(name));
    return Files.write(directory.resolve(fileName), content);
  }

  /** The capture once this node's agent has reported on it. */
  private PacketCapture awaitStatus(String namespace, String name) throws Exception {
    for (int i = 0; i < 200; i++) {
      Optional<PacketCapture> capture = stored(namespace, name);
      if (capture.isPresent()
          && capture.get().getStatus() != null
          && !capture.get().getStatus().files().isEmpty()) {
        return capture.get();
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the agent reported no status for " + namespace + "/" + name);
  }

  @AfterEach
  void stopAgent() {
    agent.close();
  }

  private Run kcap(String... args) {
    return kcap(InstantSource.system(), args);
  }

  private Run kcap(InstantSource clock, String... args) {
    return kcap(clock, System::nanoTime, args);
  }

  private Run kcap(InstantSource clock, LongSupplier nanoTime, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var wiring =
        new KcapMain.Wiring(
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), clock, nanoTime);
    int code =
        KcapMain.commandLine(new PrintWriter(out), new PrintWriter(err), wiring).execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  /** A command with --standalone --state-dir STATE after its name (and sub-name). */
  private Run standalone(String command, String... args) {
    List<String> all = new ArrayList<>(List.of(command, "--standalone", "--state-dir"));
    all.add(state.toString());
    all.addAll(List.of(args));
    return kcap(all.toArray(String[]::new));
  }

  private Path manifest(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void applyCreatesThenReportsUnchangedThenConfiguredAsKubectlDoes() throws IOException {
    Path file = manifest("capture.yaml", WEB_CAPTURE);

    Run created = standalone("apply", "-f", file.toString());
    Run again = standalone("apply", "-f", file.toString());
    Files.writeString(file, WEB_CAPTURE.replace("8080", "9090"));
    Run changed = standalone("apply", "-f", file.toString());

    assertThat(created.exitCode()).as(created.err()).isZero();
    assertThat(created.out()).isEqualTo("packetcapture.kcap.io/web-capture created\n");
    assertThat(again.out()).isEqualTo("packetcapture.kcap.io/web-capture unchanged\n");
    assertThat(changed.out()).isEqualTo("packetcapture.kcap.io/web-capture configured\n");
    PacketCapture stored = stored("shop", "web-capture").orElseThrow();
    assertThat(stored.getSpec().filters().getFirst().ports().getFirst().getIntVal())
        .isEqualTo(9090);
  }

  @Test
  void applyReadsEveryDocumentOfStandardInputAndConvertsCalicosForm() throws IOException {
    stdin =
        """
        apiVersion: projectcalico.org/v3
        kind: PacketCapture
        metadata:
          name: sample-capture-nginx
          namespace: sample
        spec:
          selector: k8s-app == "nginx"
        ---
        apiVersion: kcap.io/v1
        kind: PacketCapture
        metadata:
          name: everything
        """;

    Run run = standalone("apply", "-f", "-");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .isEqualTo(
            """
            packetcapture.kcap.io/sample-capture-nginx created
            packetcapture.kcap.io/everything created
            """);
    PacketCapture calico = stored("sample", "sample-capture-nginx").orElseThrow();
    assertThat(calico.getApiVersion()).isEqualTo("kcap.io/v1");
    assertThat(calico.getSpec().selector()).hasValue("k8s-app == \"nginx\"");
    assertThat(stored("default", "everything")).isPresent();
  }

  @Test
  void applyChecksEveryDocumentFirstAndSendsNothingWhenOneIsInvalid() throws IOException {
    Path file =
        manifest(
            "mixed.yaml",
            WEB_CAPTURE
                + """
                ---
                apiVersion: kcap.io/v1
                kind: PacketCapture
                metadata: {name: bad, namespace: shop}
                spec:
                  selector: app ==
                  filters: [{protocol: ICMP, ports: [80]}]
                """);

    Run run = standalone("apply", "-f", file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .contains(file + ": shop/bad: spec.selector: invalid selector \"app ==\"")
        .contains(
            file
                + ": shop/bad: spec.filters[0].ports: protocol \"ICMP\" has no ports: ports need"
                + " TCP, UDP, SCTP or UDPLite")
        .endsWith("kcap: 2 problems; nothing was applied\n");
    assertThat(store.list()).as("nothing applied").isEmpty();
  }

  @Test
  void applyRefusesADocumentOfAnotherNamespaceThanMinusN() throws IOException {
    Path file = manifest("capture.yaml", WEB_CAPTURE);

    Run run = standalone("apply", "-f", file.toString(), "-n", "other");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("the namespace of the manifest, \"shop\", is not the namespace");
    assertThat(store.list()).as("nothing applied").isEmpty();
  }

  @Test
  void getShowsWhatTheAgentReportsInATable() throws Exception {
    standalone("apply", "-f", manifest("capture.yaml", WEB_CAPTURE).toString());
    stdin = "apiVersion: kcap.io/v1\nkind: PacketCapture\nmetadata: {name: all, namespace: shop}\n";
    standalone("apply", "-f", "-");
    // No pods on this node: the agent waits for one the selector picks.
    awaitStatus("shop", "web-capture");
    awaitStatus("shop", "all");

    Run run = standalone("get", "packetcaptures", "-n", "shop");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().lines().toList())
        .satisfiesExactly(
            header ->
                assertThat(header)
                    .isEqualTo(
                        "NAME          SELECTOR       STATE               FILES   PACKETS   AGE"),
            all ->
                assertThat(all)
                    .matches(
                        "all           all\\(\\)          WaitingForTraffic   0       0         [0-9]+s"),
            web ->
                assertThat(web)
                    .matches(
                        "web-capture   app == \"web\"   WaitingForTraffic   0       0         [0-9]+s"));
  }

  @Test
  void getAllNamespacesAddsTheNamespaceColumnAndWideTheFiltersAndTimes() throws IOException {
    standalone("apply", "-f", manifest("capture.yaml", WEB_CAPTURE).toString());
    stdin =
        """
        apiVersion: kcap.io/v1
        kind: PacketCapture
        metadata: {name: dns, namespace: other}
        spec:
          filters: [{protocol: UDP, ports: [53, "5353:5354"]}, {protocol: ICMP}]
          bpf: net 10.0.0.0/8
          startTime: "2031-01-01T00:00:00Z"
          endTime: "2031-01-01T00:10:00Z"
        """;
    standalone("apply", "-f", "-");

    Run run = standalone("get", "pc", "-A", "-o", "wide");

    assertThat(run.exitCode()).as(run.err()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines.getFirst())
        .matches("NAMESPACE +NAME +SELECTOR +STATE +FILES +PACKETS +AGE +FILTERS +START +END");
    assertThat(lines.get(1))
        .startsWith("other ")
        .contains("53/UDP,5353:5354/UDP,ICMP bpf(net 10.0.0.0/8)")
        .endsWith("2031-01-01T00:00:00Z   2031-01-01T00:10:00Z");
    assertThat(lines.get(2)).startsWith("shop ").containsPattern("8080/TCP +<none> +<none>$");
    assertThat(lines).hasSize(3);
  }

  @Test
  void getOneCaptureAsYamlPrintsTheWholeObjectWithItsStatus() throws Exception {
    standalone("apply", "-f", manifest("capture.yaml", WEB_CAPTURE).toString());
    PacketCapture reported = awaitStatus("shop", "web-capture");

    Run yaml = standalone("get", "packetcapture", "web-capture", "-n", "shop", "-o", "yaml");
    Run json = standalone("get", "packetcapture/web-capture", "-n", "shop", "-o", "json");

    assertThat(yaml.exitCode()).as(yaml.err()).isZero();
    PacketCapture read = PacketCaptureManifests.read(yaml.out()).getFirst().capture();
    assertThat(read.getSpec()).isEqualTo(reported.getSpec());
    assertThat(yaml.out())
        .contains("status:\n  files:\n  - node: \"" + Sandbox.localNode() + "\"")
        .contains("state: \"WaitingForTraffic\"")
        .contains("packets: 0");
    assertThat(json.out())
        .contains("\"kind\" : \"PacketCapture\"")
        .contains("\"state\" : \"WaitingForTraffic\"");
  }

  @Test
  void getOfSeveralCapturesAsYamlOrJsonIsTheApisListShape() throws IOException {
    standalone("apply", "-f", manifest("capture.yaml", WEB_CAPTURE).toString());
    stdin = "apiVersion: kcap.io/v1\nkind: PacketCapture\nmetadata: {name: all, namespace: shop}\n";
    standalone("apply", "-f", "-");

    Run yaml = standalone("get", "pc", "-n", "shop", "-o", "yaml");
    Run json = standalone("get", "pc", "-n", "shop", "-o", "json");

    assertThat(yaml.exitCode()).as(yaml.err()).isZero();
    assertThat(yaml.out())
        .contains("apiVersion: \"kcap.io/v1\"", "kind: \"PacketCaptureList\"", "items:")
        .contains("name: \"all\"", "name: \"web-capture\"");
    assertThat(json.out()).contains("\"kind\" : \"PacketCaptureList\"", "\"name\" : \"all\"");
  }

  @Test
  void aNameCannotBeLookedUpInAllNamespaces() {
    Run run = standalone("get", "pc", "web-capture", "-A");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("cannot be named across all namespaces");
  }

  @Test
  void getOfAMissingCaptureSaysSoAndFails() {
    Run one = standalone("get", "pc", "nothing", "-n", "shop");
    Run none = standalone("get", "pc", "-n", "empty");

    assertThat(one.exitCode()).isEqualTo(1);
    assertThat(one.err()).isEqualTo("kcap: packet capture shop/nothing not found\n");
    assertThat(none.exitCode()).isZero();
    assertThat(none.err()).isEqualTo("No packet captures found in namespace empty.\n");
  }

  @Test
  void getRefusesOtherResourceTypesAndFormats() {
    Run pods = standalone("get", "pods");
    Run format = standalone("get", "pc", "-o", "xml");

    assertThat(pods.exitCode()).isEqualTo(2);
    assertThat(pods.err())
        .isEqualTo(
            "kcap: unknown resource type \"pods\": kcap has packetcaptures (also packetcapture,"
                + " pc)\n");
    assertThat(format.exitCode()).isEqualTo(2);
    assertThat(format.err()).contains("unknown output format \"xml\"");
  }

  @Test
  void deleteRemovesTheCaptureButKeepsItsFiles() throws IOException {
    standalone("apply", "-f", manifest("capture.yaml", WEB_CAPTURE).toString());
    writeFile("shop", "web-capture", "web-1_cali1.pcap", new byte[] {1, 2, 3});

    Run deleted = standalone("delete", "packetcapture", "web-capture", "-n", "shop");
    Run again = standalone("delete", "pc", "web-capture", "-n", "shop");
    Run copy =
        standalone("copy", "web-capture", "-n", "shop", "--dest", dir.resolve("out").toString());

    assertThat(deleted.exitCode()).as(deleted.err()).isZero();
    assertThat(deleted.out())
        .isEqualTo(
            "packetcapture.kcap.io \"web-capture\" deleted (its files are kept; `kcap clean"
                + " web-capture -n shop` deletes them)\n");
    assertThat(stored("shop", "web-capture")).isEmpty();
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).isEqualTo("kcap: packet capture shop/web-capture not found\n");
    assertThat(copy.exitCode()).as(copy.err()).isZero();
    assertThat(dir.resolve("out/" + NODE + "/web-1_cali1.pcap"))
        .hasBinaryContent(new byte[] {1, 2, 3});
  }

  @Test
  void deleteByManifestDeletesTheCapturesItNames() throws IOException {
    Path file = manifest("capture.yaml", WEB_CAPTURE);
    standalone("apply", "-f", file.toString());

    Run run = standalone("delete", "-f", file.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("packetcapture.kcap.io \"web-capture\" deleted");
    assertThat(stored("shop", "web-capture")).isEmpty();
  }

  @Test
  void copyExtractsEveryFileAsNodeSlashFileAndSaysWhatItCopied() throws IOException {
    standalone("apply", "-f", manifest("capture.yaml", WEB_CAPTURE).toString());
    byte[] big = new byte[3 << 20];
    new java.util.Random(5).nextBytes(big);
    writeFile("shop", "web-capture", "web-1_cali1.pcap", big);
    writeFile("shop", "web-capture", "web-1_cali1.1700000000000.pcap", new byte[] {9});
    Path dest = dir.resolve("copied");

    Run run = standalone("copy", "web-capture", "-n", "shop", "--dest", dest.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(dest.resolve(NODE + "/web-1_cali1.pcap")).hasBinaryContent(big);
    assertThat(dest.resolve(NODE + "/web-1_cali1.1700000000000.pcap"))
        .hasBinaryContent(new byte[] {9});
    assertThat(run.out())
        .isEqualTo(
            dest.resolve(NODE + "/web-1_cali1.1700000000000.pcap")
                + "\n"
                + dest.resolve(NODE + "/web-1_cali1.pcap")
                + "\ncopied 2 files (3.0 MiB) of packet capture shop/web-capture to "
                + dest.toAbsolutePath()
                + "\n");
    assertThat(filesUnder(dest)).hasSize(2);
  }

  @Test
  void aLongCopyShowsItsProgressOnStandardError() throws IOException {
    standalone("apply", "-f", manifest("capture.yaml", WEB_CAPTURE).toString());
    writeFile("shop", "web-capture", "big.pcap", new byte[4 << 20]);
    AtomicLong clock = new AtomicLong();
    // Every look at the clock is a quarter second later: a slow link.
    LongSupplier slow = () -> clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(250));

    Run run =
        kcap(
            InstantSource.system(),
            slow,
            "copy",
            "web-capture",
            "-n",
            "shop",
            "--standalone",
            "--state-dir",
            state.toString(),
            "--dest",
            dir.resolve("slow").toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    List<String> lines = run.err().lines().toList();
    assertThat(lines).hasSizeGreaterThan(2);
    assertThat(lines.subList(0, lines.size() - 1))
        .allMatch(
            line ->
                line.matches(
                    "kcap: downloading shop/web-capture: [0-9.]+ [KMG]?i?B so far, [0-9.]+"
                        + " [KMG]?i?B/s"));
    assertThat(lines.getLast()).matches("kcap: downloaded [0-9.]+ [KMG]iB in [0-9.]+ s \\(.*/s\\)");
    assertThat(dir.resolve("slow/" + NODE + "/big.pcap")).hasSize(4 << 20);
  }

  @Test
  void copyNeverOverwritesAnExistingFileUnlessTold() throws IOException {
    standalone("apply", "-f", manifest("capture.yaml", WEB_CAPTURE).toString());
    writeFile("shop", "web-capture", "a.pcap", new byte[] {1});
    writeFile("shop", "web-capture", "b.pcap", new byte[] {2});
    Path dest = dir.resolve("copied");
    Files.createDirectories(dest.resolve(NODE));
    Files.write(dest.resolve(NODE + "/b.pcap"), new byte[] {7, 7});

    Run refused = standalone("copy", "web-capture", "-n", "shop", "--dest", dest.toString());

    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err())
        .isEqualTo(
            "kcap: "
                + dest.toAbsolutePath().resolve(NODE + "/b.pcap")
                + " already exists; kcap copy does not overwrite files: pass --overwrite, or"
                + " another --dest; nothing was copied\n");
    assertThat(filesUnder(dest))
        .as("neither a.pcap nor a temporary file is left")
        .containsExactly(dest.resolve(NODE + "/b.pcap"));
    assertThat(dest.resolve(NODE + "/b.pcap")).hasBinaryContent(new byte[] {7, 7});

    Run overwritten =
        standalone("copy", "web-capture", "-n", "shop", "--dest", dest.toString(), "--overwrite");

    assertThat(overwritten.exitCode()).as(overwritten.err()).isZero();
    assertThat(dest.resolve(NODE + "/b.pcap")).hasBinaryContent(new byte[] {2});
    assertThat(dest.resolve(NODE + "/a.pcap")).hasBinaryContent(new byte[] {1});
  }

  @Test
  void copyOfAnUnknownCaptureFailsAndOfOneWithoutFilesSaysSo() throws IOException {
    standalone("apply", "-f", manifest("capture.yaml", WEB_CAPTURE).toString());

    Run unknown = standalone("copy", "nothing", "-n", "shop");
    Run empty =
        standalone("copy", "web-capture", "-n", "shop", "--dest", dir.resolve("e").toString());

    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err()).isEqualTo("kcap: packet capture shop/nothing not found\n");
    assertThat(empty.exitCode()).isZero();
    assertThat(empty.out()).isEqualTo("packet capture shop/web-capture has no files yet\n");
  }

  @Test
  void cleanDeletesTheFilesAndCountsThem() throws IOException {
    standalone("apply", "-f", manifest("capture.yaml", WEB_CAPTURE).toString());
    Path a = writeFile("shop", "web-capture", "a.pcap", new byte[] {1});
    Path b = writeFile("shop", "web-capture", "b.pcap", new byte[] {2});

    Run run = standalone("clean", "web-capture", "-n", "shop");
    Run unknown = standalone("clean", "nothing", "-n", "shop");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("deleted 2 files of packet capture shop/web-capture\n");
    assertThat(a).doesNotExist();
    assertThat(b).doesNotExist();
    assertThat(stored("shop", "web-capture")).as("the capture itself stays").isPresent();
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err()).isEqualTo("kcap: packet capture shop/nothing not found\n");
  }

  @Test
  void withoutAnAgentServingTheErrorSaysHowToStartOne() throws IOException {
    Path other = Files.createDirectories(dir.resolve("other"));
    TestIdentity.copyTo(other);
    int closedPort;
    try (var socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Files.writeString(other.resolve("api.address"), "127.0.0.1:" + closedPort + "\n");

    Run run = kcap("get", "pc", "--standalone", "--state-dir", other.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "kcap: no kcap agent is serving at https://127.0.0.1:"
                + closedPort
                + ": start it with `kcap agent --standalone` --state-dir "
                + other
                + "\n");
  }

  @Test
  void aTokenTheAgentDoesNotKnowIsReportedAsSuch() throws IOException {
    Files.writeString(state.resolve("token"), "not-the-token\n");

    Run run = standalone("get", "pc");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .startsWith("kcap: the kcap agent at https://127.0.0.1:" + port())
        .contains("refused the API token in " + state.resolve("token"))
        .doesNotContain("not-the-token");
  }

  @Test
  void aStateDirectoryWhereNoAgentEverRanIsExplained() {
    Run run = kcap("get", "pc", "--standalone", "--state-dir", dir.resolve("fresh").toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "kcap: no API token in "
                + dir.resolve("fresh/token")
                + ": the standalone agent makes it when it first starts; start it with `kcap agent"
                + " --standalone`, or pass the --state-dir of the agent serving at"
                + " https://127.0.0.1:9443\n");
  }

  @Test
  void withoutStandaloneTheCommandsSayWhichModeExists() throws IOException {
    Run run = kcap("get", "pc", "--state-dir", state.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "kcap: kcap get talks to the standalone agent only (cluster mode through a"
                + " kubeconfig comes next): pass --standalone or set KCAP_STANDALONE=1\n");
  }

  @Test
  void theEnvironmentSelectsStandaloneModeToo() {
    assertThat(ApiOptions.standaloneSelected(false, Map.of("KCAP_STANDALONE", "1"))).isTrue();
    assertThat(ApiOptions.standaloneSelected(false, Map.of("KCAP_STANDALONE", "true"))).isTrue();
    assertThat(ApiOptions.standaloneSelected(false, Map.of("KCAP_STANDALONE", "0"))).isFalse();
    assertThat(ApiOptions.standaloneSelected(false, Map.of())).isFalse();
    assertThat(ApiOptions.standaloneSelected(true, Map.of())).isTrue();
  }

  @Test
  void serverNamesTheAgentsAddressAndMustBeHttpsHostPort() {
    Run explicit = standalone("get", "pc", "--server", "https://localhost:" + port());
    Run bad = standalone("get", "pc", "--server", "http://localhost:1");

    assertThat(explicit.exitCode()).as(explicit.err()).isZero();
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err())
        .isEqualTo(
            "kcap: invalid server \"http://localhost:1\": expected https://HOST:PORT, like"
                + " https://127.0.0.1:9443\n");
  }

  private static List<Path> filesUnder(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).sorted().toList();
    }
  }
}
