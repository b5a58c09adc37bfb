package io.kcap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcap.agent.NodeSettings;
import io.kcap.agent.sandbox.CommandRunner;
import io.kcap.agent.sandbox.HostNetwork;
import io.kcap.agent.sandbox.Ipv4Cidr;
import io.kcap.agent.sandbox.PodSpec;
import io.kcap.agent.sandbox.Sandbox;
import io.kcap.agent.sandbox.SandboxPod;
import io.kcap.agent.sandbox.SandboxState;
import io.kcap.testkit.Tool;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The standalone product on this machine (root): a real sandbox, the agent with live capture, and
 * the API used over HTTPS as the CLI and the demo use it.
 */
class StandaloneNetnsTest {
  private static final String NODE = "node-e2e";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path state;
  private final String suffix =
      Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xFFFFF));
  private final String shop = "shop-" + suffix;
  private final PodSpec web = new PodSpec(shop, "web-1", Map.of("app", "web"));
  private final PodSpec db = new PodSpec(shop, "db-1", Map.of("app", "db"));
  private Sandbox sandbox;
  private SandboxState up;

  @BeforeEach
  void sandbox() {
    sandbox = new Sandbox(state, CommandRunner.system(), NODE);
    up = sandbox.up(List.of(web, db), freeRange());
  }

  @AfterEach
  void down() {
    sandbox.down();
    for (SandboxPod pod : up.pods()) {
      Tool.run("ip", "link", "del", pod.interfaceName());
      Tool.run("ip", "netns", "del", pod.netns());
    }
  }

  private SandboxPod pod(PodSpec spec) {
    return up.find(spec.namespace(), spec.name()).orElseThrow();
  }

  @ParameterizedTest
  @ValueSource(strings = {"pcap", "pcapng"})
  void captureDownloadAndDeleteThroughTheApiWithRealTraffic(String format) throws Exception {
    StandaloneAgent.Config config =
        StandaloneAgent.Config.defaults(state)
            .withListen(new InetSocketAddress("127.0.0.1", 0))
            .withMetricsListen(new InetSocketAddress("127.0.0.1", 0))
            .withSettings(NodeSettings.standalone(NODE, state));
    String path = "/apis/kcap.io/v1/namespaces/" + shop + "/packetcaptures/web";
    String spec = "selector: app == 'web'\nfilters: [{protocol: ICMP}]\nformat: " + format;
    try (StandaloneAgent agent = StandaloneAgent.start(config)) {
      ApiClient api = ApiClient.of(state);

      assertThat(api.put(shop, "web", ApiClient.manifest(shop, "web", spec)).statusCode())
          .isEqualTo(201);
      awaitState(api, path, "Capturing");
      Tool.run(
              Sandbox.execCommand(
                  pod(web), List.of("ping", "-c", "3", "-i", "0.2", "-W", "2", pod(db).ip())))
          .orThrow();
      String past = Instant.now().minusSeconds(1).truncatedTo(ChronoUnit.SECONDS).toString();
      assertThat(
              api.put(
                      shop,
                      "web",
                      ApiClient.manifest(shop, "web", spec + "\nendTime: '" + past + "'"))
                  .statusCode())
          .isEqualTo(200);
      JsonNode finished = awaitState(api, path, "Finished");

      String fileName = "web-1_" + pod(web).interfaceName() + "." + format;
      assertThat(finished.at("/status/files/0/node").asText()).isEqualTo(NODE);
      assertThat(finished.at("/status/files/0/packets").asLong()).isEqualTo(6);
      assertThat(finished.at("/status/files/0/fileNames/0").asText()).isEqualTo(fileName);
      assertThat(metrics(agent))
          .contains("kcap_capture_packets_total{namespace=\"" + shop + "\",name=\"web\"} 6\n");

      Map<String, byte[]> zip = unzip(api.download(shop, "web").body());
      assertThat(zip).containsOnlyKeys(NODE + "/" + fileName);
      Path downloaded = state.resolve("downloaded." + format);
      Files.write(downloaded, zip.get(NODE + "/" + fileName));
      assertThat(Tool.output("tcpdump", "-n", "-r", downloaded.toString(), "icmp").lines())
          .hasSize(6);
      assertThat(Tool.output("capinfos", "-t", downloaded.toString()))
          .contains(format.equals("pcap") ? "- nanosecond pcap" : "- pcapng");
      assertThat(
              Tool.output(
                      "tshark",
                      "-r",
                      downloaded.toString(),
                      "-T",
                      "fields",
                      "-e",
                      "frame.interface_name")
                  .lines())
          .hasSize(6)
          .containsOnly(format.equals("pcap") ? "" : pod(web).interfaceName());

      // kcap copy, as a user runs it: the same bytes under DEST/NODE/.
      Path dest = state.resolve("copied");
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int copied =
          KcapMain.execute(
              new String[] {
                "copy",
                "web",
                "-n",
                shop,
                "--dest",
                dest.toString(),
                "--standalone",
                "--state-dir",
                state.toString()
              },
              new PrintWriter(out, true),
              new PrintWriter(err, true));
      assertThat(copied).as(err.toString()).isZero();
      assertThat(dest.resolve(NODE).resolve(fileName))
          .hasBinaryContent(zip.get(NODE + "/" + fileName));

      assertThat(api.delete(path).statusCode()).isEqualTo(200);
      assertThat(api.get(path).statusCode()).isEqualTo(404);
      assertThat(state.resolve("pcap").resolve(shop).resolve("web").resolve(fileName)).exists();
      assertThat(unzip(api.download(shop, "web").body())).containsOnlyKeys(NODE + "/" + fileName);
    }
  }

  private static String metrics(StandaloneAgent agent) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + agent.metricsAddress().getPort() + "/metrics"))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static JsonNode awaitState(ApiClient api, String path, String wanted) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (true) {
      JsonNode capture = JSON.readTree(api.get(path).body());
      if (capture.at("/status/files/0/state").asText().equals(wanted)) {
        return capture;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("never " + wanted + ": " + capture);
      }
      Thread.sleep(50);
    }
  }

  private static Map<String, byte[]> unzip(byte[] zip) throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        entries.put(entry.getName(), in.readAllBytes());
      }
    }
    return entries;
  }

  /** A /24 of 10.240.0.0/16 that no route on this host touches yet. */
  static Ipv4Cidr freeRange() {
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
