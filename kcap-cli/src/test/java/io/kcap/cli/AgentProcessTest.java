package io.kcap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcap.agent.sandbox.CommandRunner;
import io.kcap.agent.sandbox.PodSpec;
import io.kcap.agent.sandbox.Sandbox;
import io.kcap.agent.sandbox.SandboxPod;
import io.kcap.agent.sandbox.SandboxState;
import io.kcap.server.TlsIdentity;
import io.kcap.testkit.Tool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code kcap agent --standalone} as its own process capturing a real sandbox, stopped by a real
 * signal (root).
 */
class AgentProcessTest {
  @TempDir static Path shared;
  @TempDir Path state;
  private final String suffix =
      Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xFFFFF));
  private final String shop = "shop-" + suffix;
  private final PodSpec web = new PodSpec(shop, "web-1", Map.of("app", "web"));
  private final PodSpec db = new PodSpec(shop, "db-1", Map.of("app", "db"));
  private Sandbox sandbox;
  private SandboxState up;

  @BeforeAll
  static void oneCertificate() throws IOException {
    TlsIdentity.loadOrCreate(shared);
  }

  @BeforeEach
  void sharedCertificateAndASandbox() throws IOException {
    for (String file : List.of("tls.p12", "tls.pass")) {
      Files.copy(shared.resolve(file), state.resolve(file));
    }
    sandbox = new Sandbox(state, CommandRunner.system(), "node-a");
    up = sandbox.up(List.of(web, db), StandaloneNetnsTest.freeRange());
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

  private void awaitCapturing(ApiClient api) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    String path = "/apis/kcap.io/v1/namespaces/" + shop + "/packetcaptures/web";
    while (!api.get(path).body().contains("\"state\":\"Capturing\"")) {
      assertThat(System.nanoTime()).as("capturing within 15 s").isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  /** The agent as {@code java -cp <this test's class path> io.kcap.cli.KcapMain agent ...}. */
  private Process startAgent(Path out, Path err) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return new ProcessBuilder(
            java.toString(),
            "--enable-native-access=ALL-UNNAMED",
            "-cp",
            System.getProperty("java.class.path"),
            KcapMain.class.getName(),
            "agent",
            "--standalone",
            "--state-dir",
            state.toString(),
            "--listen",
            "127.0.0.1:0",
            "--metrics-listen",
            "127.0.0.1:0",
            "--node",
            "node-a")
        .redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .start();
  }

  @ParameterizedTest
  @ValueSource(strings = {"TERM", "INT"})
  void aSignalStopsTheAgentCleanlyWithExitStatusZero(String signal) throws Exception {
    Path out = state.resolve("agent.out");
    Path err = state.resolve("agent.err");
    Process agent = startAgent(out, err);
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.exists(state.resolve("api.address"))) {
        assertThat(agent.isAlive()).as("agent running; stderr: %s", read(err)).isTrue();
        assertThat(System.nanoTime()).as("agent serving within 60 s").isLessThan(deadline);
        Thread.sleep(50);
      }
      ApiClient api = ApiClient.of(state);
      String spec = "selector: app == 'web'\nfilters: [{protocol: ICMP}]";
      assertThat(api.put(shop, "web", ApiClient.manifest(shop, "web", spec)).statusCode())
          .isEqualTo(201);
      awaitCapturing(api);
      Tool.run(
              Sandbox.execCommand(
                  pod(web), List.of("ping", "-c", "3", "-i", "0.2", "-W", "2", pod(db).ip())))
          .orThrow();

      Tool.run("kill", "-" + signal, Long.toString(agent.pid())).orThrow();

      assertThat(agent.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s").isTrue();
      assertThat(agent.exitValue()).as("stderr: %s", read(err)).isZero();
      assertThat(read(out))
          .contains("kcap agent: stopping; completing every capture file")
          .contains("kcap agent: stopped");
      assertThat(state.resolve("api.address")).doesNotExist();
      // Complete: every packet is in the file, and tcpdump reads it to the end without complaint.
      Path file =
          state.resolve("pcap/" + shop + "/web/web-1_" + pod(web).interfaceName() + ".pcap");
      Tool.Result read = Tool.run("tcpdump", "-n", "-r", file.toString());
      assertThat(read.exitCode()).isZero();
      assertThat(read.stderr()).doesNotContain("truncated");
      assertThat(read.stdout().lines()).hasSize(6);
    } finally {
      agent.destroyForcibly();
    }
  }

  private static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
  }
}
