package io.kcap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the commands send, against {@link FakeAgent}, which logs every request and can refuse what
 * kcap's own validation accepts: an unchanged apply sends no PUT, names that are not Kubernetes
 * names are never sent, and a 422 is printed violation by violation.
 */
class ApplyRequestsTest {
  private static final String WEB_CAPTURE =
      """
      apiVersion: kcap.io/v1
      kind: PacketCapture
      metadata: {name: web-capture, namespace: shop}
      spec:
        selector: app == "web"
      """;

  @TempDir Path dir;
  private Path state;
  private FakeAgent agent;

  record Run(int exitCode, String out, String err) {}

  @BeforeEach
  void startAgent() throws IOException {
    state = Files.createDirectories(dir.resolve("state"));
    TestIdentity.copyTo(state);
    agent = FakeAgent.start(state);
  }

  @AfterEach
  void stopAgent() {
    agent.close();
  }

  private Run standalone(String command, String... args) {
    List<String> all = new ArrayList<>(List.of(command, "--standalone", "--state-dir"));
    all.add(state.toString());
    all.addAll(List.of(args));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var wiring =
        new KcapMain.Wiring(
            new ByteArrayInputStream(new byte[0]), InstantSource.system(), System::nanoTime);
    int code =
        KcapMain.commandLine(new PrintWriter(out), new PrintWriter(err), wiring)
            .execute(all.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  private Path manifest(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void anUnchangedApplySendsNoPut() throws IOException {
    Path file = manifest("capture.yaml", WEB_CAPTURE);

    standalone("apply", "-f", file.toString());
    Run again = standalone("apply", "-f", file.toString());

    assertThat(again.out()).isEqualTo("packetcapture.kcap.io/web-capture unchanged\n");
    assertThat(agent.requests())
        .containsExactly(
            "GET /apis/kcap.io/v1/namespaces/shop/packetcaptures/web-capture",
            "PUT /apis/kcap.io/v1/namespaces/shop/packetcaptures/web-capture",
            "GET /apis/kcap.io/v1/namespaces/shop/packetcaptures/web-capture");
  }

  @Test
  void anInvalidManifestSendsNothingAtAll() throws IOException {
    Path file = manifest("bad.yaml", WEB_CAPTURE.replace("app == \"web\"", "app =="));

    Run run = standalone("apply", "-f", file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(agent.requests()).isEmpty();
  }

  @Test
  void applyPrintsEachViolationTheAgentReturnsWith422() throws IOException {
    agent.rejectWith(List.of("spec.selector: the agent says no", "spec.filters[0]: and no again"));

    Run run = standalone("apply", "-f", manifest("capture.yaml", WEB_CAPTURE).toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            """
            shop/web-capture: spec.selector: the agent says no
            shop/web-capture: spec.filters[0]: and no again
            kcap: the agent refused packet capture shop/web-capture
            """);
  }

  @Test
  void namesThatAreNotKubernetesNamesNeverReachTheAgent() {
    Run run = standalone("copy", "../../etc", "-n", "shop");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("kcap: invalid packet capture name \"../../etc\"");
    assertThat(agent.requests()).isEmpty();
  }
}
