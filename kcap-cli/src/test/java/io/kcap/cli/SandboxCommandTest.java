package io.kcap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcap.agent.endpoint.CalicoNames;
import io.kcap.agent.sandbox.CommandRunner;
import io.kcap.agent.sandbox.HostNetwork;
import io.kcap.agent.sandbox.Ipv4Cidr;
import io.kcap.testkit.Tool;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** {@code kcap sandbox} through {@link KcapMain#execute}, on this machine's real network (root). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxCommandTest {
  @TempDir static Path dir;
  private final String suffix =
      Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xFFFFF));
  private final String shop = "shop-" + suffix;
  private final String ops = "ops-" + suffix;
  private Path state;
  private Path podsFile;
  private String cidr;

  record Run(int exitCode, String out, String err) {}

  private Run kcap(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = KcapMain.execute(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }

  private Run sandbox(String... args) {
    List<String> all = new ArrayList<>(List.of("sandbox"));
    all.add(args[0]);
    all.addAll(List.of("--state-dir", state.toString()));
    all.addAll(List.of(args).subList(1, args.length));
    return kcap(all.toArray(String[]::new));
  }

  @BeforeAll
  void writePodsFile() throws IOException {
    state = dir.resolve("state");
    podsFile =
        Files.writeString(
            dir.resolve("pods.yaml"),
            """
            pods:
              - {name: web-1, namespace: %1$s, labels: {app: web}}
              - {name: db-1, namespace: %1$s, labels: {app: db}}
              - {name: probe, namespace: %2$s}
            """
                .formatted(shop, ops));
    cidr = freeRange().toString();
  }

  @AfterAll
  void cleanUp() {
    sandbox("down");
    for (String[] pod : new String[][] {{shop, "web-1"}, {shop, "db-1"}, {ops, "probe"}}) {
      Tool.run("ip", "link", "del", CalicoNames.vethNameForWorkload(pod[0], pod[1]));
      Tool.run("ip", "netns", "del", "kcap-" + pod[0] + "." + pod[1]);
    }
  }

  @Test
  @Order(1)
  void upPrintsATableOfThePodsWithTheirAddressesAndCaliInterfaces() {
    Run up = sandbox("up", "-f", podsFile.toString(), "--cidr", cidr);

    assertThat(up.err()).isEmpty();
    assertThat(up.exitCode()).isZero();
    String prefix = cidr.substring(0, cidr.lastIndexOf('.') + 1);
    assertThat(up.out().lines().map(line -> List.of(line.split("\\s+"))))
        .containsExactly(
            List.of("NAMESPACE", "NAME", "IP", "INTERFACE"),
            List.of(shop, "web-1", prefix + "1", cali(shop, "web-1")),
            List.of(shop, "db-1", prefix + "2", cali(shop, "db-1")),
            List.of(ops, "probe", prefix + "3", cali(ops, "probe")));
    assertThat(Tool.output("ip", "-o", "link", "show", cali(shop, "web-1"))).contains("state UP");
  }

  @Test
  @Order(2)
  void upAgainWithTheSameFileChangesNothingAndListPrintsTheSameTable() {
    Run again = sandbox("up", "-f", podsFile.toString(), "--cidr", cidr);
    Run list = sandbox("list");

    assertThat(again.exitCode()).isZero();
    assertThat(list.exitCode()).isZero();
    assertThat(list.out()).isEqualTo(again.out()).contains(cali(ops, "probe"));
  }

  @Test
  @Order(3)
  void ipPrintsThePodsAddressAndExecRunsInsideThePod() {
    Run ip = sandbox("ip", shop + "/db-1");
    assertThat(ip.exitCode()).isZero();
    String address = ip.out().strip();
    assertThat(address).matches("10\\.240\\.\\d+\\.2");

    Run exec = sandbox("exec", shop + "/db-1", "--", "ip", "-4", "-o", "addr", "show", "eth0");
    assertThat(exec.exitCode()).isZero();
    assertThat(exec.out()).contains("eth0").contains("inet " + address + "/32");

    Run ping =
        sandbox("exec", ops + "/probe", "--", "ping", "-c", "2", "-i", "0.2", "-W", "2", address);
    assertThat(ping.exitCode()).isZero();
    assertThat(ping.out()).contains("2 packets transmitted, 2 received");
  }

  @Test
  @Order(4)
  void execPassesTheCommandsExitCodeAndErrorOutputThrough() {
    Run exec = sandbox("exec", shop + "/web-1", "--", "sh", "-c", "echo oops >&2; exit 3");

    assertThat(exec.exitCode()).isEqualTo(3);
    assertThat(exec.err()).isEqualTo("oops\n");
  }

  @Test
  @Order(5)
  void anUnknownPodIsOneLine() {
    Run ip = sandbox("ip", shop + "/nope");

    assertThat(ip.exitCode()).isEqualTo(1);
    assertThat(ip.err())
        .isEqualTo("kcap: no pod " + shop + "/nope in the sandbox in " + state + "\n");
    assertThat(sandbox("ip", "a/b/c").err()).startsWith("kcap: \"a/b/c\" is not a pod");
  }

  @Test
  @Order(6)
  void aDifferentSandboxIsRefusedWhileOneIsUp() throws IOException {
    Path other = Files.writeString(dir.resolve("other.yaml"), "pods:\n  - {name: x}\n");

    Run up = sandbox("up", "-f", other.toString(), "--cidr", cidr);

    assertThat(up.exitCode()).isEqualTo(1);
    assertThat(up.err())
        .isEqualTo(
            "kcap: a different sandbox (3 pods in "
                + cidr
                + ") is already up in "
                + state
                + "; run `kcap sandbox down` first\n");
  }

  @Test
  @Order(10)
  void downRemovesEverythingAndASecondDownHasNothingToDo() {
    Run down = sandbox("down");

    assertThat(down.exitCode()).isZero();
    assertThat(down.out()).isEqualTo("removed the sandbox's 3 pods\n");
    assertThat(Tool.output("ip", "-o", "link", "show")).doesNotContain(cali(shop, "web-1"));
    assertThat(Tool.output("ip", "netns", "list")).doesNotContain(shop).doesNotContain(ops);
    assertThat(sandbox("down").out()).isEqualTo("no sandbox in " + state + "\n");
    assertThat(sandbox("list").out()).isEqualTo("no sandbox in " + state + "\n");
    assertThat(sandbox("ip", shop + "/web-1").err())
        .isEqualTo(
            "kcap: no sandbox in " + state + "; make one with `kcap sandbox up -f pods.yaml`\n");
  }

  @Test
  void aBadPodsFileIsReportedOneLinePerProblemWithoutAStackTrace() throws IOException {
    Path bad =
        Files.writeString(
            dir.resolve("bad.yaml"),
            """
            pods:
              - {name: Web_1, namespace: shop}
              - {name: db, labels: {tier: -x}}
            """);

    Run up = sandbox("up", "-f", bad.toString());

    assertThat(up.exitCode()).isEqualTo(1);
    assertThat(up.out()).isEmpty();
    assertThat(up.err().lines())
        .hasSize(2)
        .allMatch(line -> line.startsWith("kcap: " + bad + ":"))
        .anyMatch(line -> line.contains(":2: pods[0] (shop/Web_1): name \"Web_1\""))
        .anyMatch(line -> line.contains(":3: pods[1] (default/db): label value \"-x\""));
    assertThat(up.err()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void aYamlSyntaxErrorIsOneLineWithTheLine() throws IOException {
    Path bad = Files.writeString(dir.resolve("syntax.yaml"), "pods:\n  - {name: a\n  - b: [\n");

    Run up = sandbox("up", "-f", bad.toString());

    assertThat(up.exitCode()).isEqualTo(1);
    assertThat(up.err()).startsWith("kcap: " + bad + ":3: YAML syntax error: ");
    assertThat(up.err().lines()).hasSize(1);
  }

  @Test
  void aBadRangeIsAUsageError() {
    Run up = sandbox("up", "-f", podsFile.toString(), "--cidr", "10.240.0.1/16");

    assertThat(up.exitCode()).isEqualTo(2);
    assertThat(up.err())
        .isEqualTo("kcap: 10.240.0.1/16 has host bits set; the network is 10.240.0.0/16\n");
  }

  @Test
  void helpExplainsEveryOption() {
    Run help = kcap("sandbox", "up", "--help");

    assertThat(help.exitCode()).isZero();
    assertThat(help.out())
        .contains("-f, --file=FILE")
        .contains("--cidr=CIDR")
        .contains("default: 10.240.0.0/16")
        .contains("--state-dir=DIR")
        .contains("KCAP_STATE_DIR");
    assertThat(kcap("sandbox", "--help").out())
        .contains("up", "list", "ip", "exec", "down", "CAP_NET_ADMIN");
  }

  @Test
  void withoutNetAdminUpSaysItNeedsRootInOneLine() throws Exception {
    // The same JVM and class path, started without CAP_NET_ADMIN in its bounding set, so that
    // even root does not have it.
    String java = ProcessHandle.current().info().command().orElseThrow();
    Tool.Result result =
        Tool.run(
            "setpriv",
            "--bounding-set=-net_admin",
            "--inh-caps=-net_admin",
            java,
            "-cp",
            System.getProperty("java.class.path"),
            KcapMain.class.getName(),
            "sandbox",
            "up",
            "--state-dir",
            dir.resolve("unprivileged").toString(),
            "-f",
            podsFile.toString());

    assertThat(result.exitCode()).isEqualTo(77);
    assertThat(result.stderr())
        .isEqualTo(
            "kcap: kcap sandbox up needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN) to manage network"
                + " namespaces; run it as root or with sudo\n");
    assertThat(dir.resolve("unprivileged")).doesNotExist();
  }

  private static String cali(String namespace, String name) {
    // Independent of kcap: the digest comes from sha1sum.
    return "cali"
        + Tool.output("sh", "-c", "printf '%s' \"$1\" | sha1sum", "sh", namespace + "." + name)
            .substring(0, 11);
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
