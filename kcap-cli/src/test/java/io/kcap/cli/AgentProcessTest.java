package io.kcap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcap.server.TlsIdentity;
import io.kcap.testkit.Tool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code kcap agent --standalone} as its own process, stopped by a real signal (root). */
class AgentProcessTest {
  @TempDir static Path shared;
  @TempDir Path state;

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
      assertThat(api.put("shop", "web", ApiClient.manifest("shop", "web", "{}")).statusCode())
          .isEqualTo(201);

      Tool.run("kill", "-" + signal, Long.toString(agent.pid())).orThrow();

      assertThat(agent.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s").isTrue();
      assertThat(agent.exitValue()).as("stderr: %s", read(err)).isZero();
      assertThat(read(out))
          .contains("kcap agent: stopping; completing every capture file")
          .contains("kcap agent: stopped");
      assertThat(state.resolve("api.address")).doesNotExist();
      assertThat(state.resolve("captures/shop/web.yaml")).exists();
    } finally {
      agent.destroyForcibly();
    }
  }

  private static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
  }
}
