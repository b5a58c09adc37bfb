package io.kcap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcap.agent.endpoint.CalicoNames;
import io.kcap.testkit.Tool;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kcap demo} end to end, as root: real sandbox pods, real traffic, the real standalone agent
 * capturing live, the zip through the API; its summary checked against capinfos on the extracted
 * files.
 */
class DemoCommandTest {
  private static final Pattern ROW =
      Pattern.compile("(\\S+)\\s+(\\S+)\\s+(\\d+)\\s+(\\d+)\\s+(.+)");

  @TempDir Path dir;

  record Run(int exitCode, String out, String err) {}

  private Run demo(AgentLauncher launcher, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var wiring =
        new KcapMain.Wiring(
            new ByteArrayInputStream(new byte[0]),
            InstantSource.system(),
            System::nanoTime,
            launcher);
    List<String> all = new ArrayList<>(List.of("demo"));
    all.addAll(List.of(args));
    int code =
        KcapMain.commandLine(new PrintWriter(out), new PrintWriter(err), wiring)
            .execute(all.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  /** The summary table's rows by file: pod, packets, bytes, protocols. */
  private static Map<String, List<String>> summaryRows(String out) {
    List<String> lines = out.lines().toList();
    int header = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).matches("FILE +POD +PACKETS +BYTES +PROTOCOLS")) {
        header = i;
      }
    }
    assertThat(header).as("the summary table in:\n" + out).isNotNegative();
    Map<String, List<String>> rows = new LinkedHashMap<>();
    for (String line : lines.subList(header + 1, lines.size())) {
      Matcher row = ROW.matcher(line);
      if (line.startsWith("no files for") || !row.matches()) {
        break;
      }
      rows.put(row.group(1), List.of(row.group(2), row.group(3), row.group(4), row.group(5)));
    }
    return rows;
  }

  private static String capinfos(Path file, String flag) {
    // -M: exact numbers; -T: one tab-separated table row after its header.
    List<String> table =
        Tool.output("capinfos", "-M", "-T", flag, file.toString()).lines().toList();
    String[] values = table.getLast().split("\t");
    return values[values.length - 1].strip();
  }

  @Test
  void theDemoCapturesOnlyTheSelectedPodsTrafficSummarizesItAsCapinfosCountsItAndCleansUp()
      throws IOException {
    Run run = demo(AgentLauncher.standalone(), "--duration", "6", "--output-dir", dir.toString());

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    String out = run.out();

    // The zip stays, named in the last line.
    Matcher zipLine = Pattern.compile("(?m)^zip: (.+)$").matcher(out);
    assertThat(zipLine.find()).as(out).isTrue();
    Path zip = Path.of(zipLine.group(1));
    assertThat(zip).isRegularFile().hasParent(dir);

    // Only the selected pods (app == "web" in the capture's namespace) left files.
    Map<String, List<String>> rows = summaryRows(out);
    assertThat(rows.values())
        .extracting(row -> row.getFirst().replaceAll("^shop(-[0-9a-f]{4})?/", "shop/"))
        .containsExactlyInAnyOrder("shop/web-1", "shop/web-2");
    Path extracted = Files.createDirectories(dir.resolve("extracted"));
    try (var in = new ZipInputStream(Files.newInputStream(zip))) {
      List<String> names = new ArrayList<>();
      for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        names.add(entry.getName());
        Path target = extracted.resolve(entry.getName());
        Files.createDirectories(target.getParent());
        Files.copy(in, target);
      }
      assertThat(names).containsExactlyInAnyOrderElementsOf(rows.keySet());
    }

    // Every count of the summary is what capinfos counts in the file itself.
    for (var row : rows.entrySet()) {
      Path file = extracted.resolve(row.getKey());
      long packets = Long.parseLong(row.getValue().get(1));
      assertThat(packets).as(row.getKey()).isPositive();
      assertThat(Long.toString(packets)).as(row.getKey()).isEqualTo(capinfos(file, "-c"));
      assertThat(row.getValue().get(2)).as(row.getKey()).isEqualTo(capinfos(file, "-d"));
      // And the filters held: web-1 saw HTTP only, web-2 the UDP datagrams only.
      String expected = row.getValue().getFirst().endsWith("/web-1") ? "TCP/8080" : "UDP/5353";
      assertThat(row.getValue().get(3)).as(row.getKey()).isEqualTo(expected + " " + packets);
      if (expected.startsWith("UDP")) {
        assertThat(packets).as("the 5 datagrams db-1 sent web-2, each once").isEqualTo(5);
      }
      assertThat(
              Tool.output(
                      "tcpdump", "-r", file.toString(), "-n", "not (" + filterOf(expected) + ")")
                  .lines())
          .as("packets outside the filter in " + row.getKey())
          .isEmpty();
    }

    // Nothing of the sandbox is left: no namespace, no interface, no state directory.
    String shop = rows.values().iterator().next().getFirst().split("/")[0];
    String other = shop.replace("shop", "other");
    String namespaces = Tool.output("ip", "netns", "list");
    String links = Tool.output("ip", "-o", "link", "show");
    for (String pod : List.of(shop + "/web-1", shop + "/web-2", shop + "/db-1", other + "/web-9")) {
      String[] parts = pod.split("/");
      assertThat(namespaces).doesNotContain("kcap-" + parts[0] + "." + parts[1]);
      assertThat(links).doesNotContain(CalicoNames.vethNameForWorkload(parts[0], parts[1]));
    }
    Matcher state = Pattern.compile("(?m)^state directory (\\S+)").matcher(out);
    assertThat(state.find()).isTrue();
    assertThat(Path.of(state.group(1))).doesNotExist();
    assertThat(out)
        .contains("cleaned up: stopped the agent, removed the pods, removed " + state.group(1));
  }

  @Test
  void aDemoThatFailsHalfWayStillRemovesItsPods() {
    AgentLauncher broken =
        (stateDir, listen) -> {
          throw new IOException("the agent would not start");
        };

    Run run = demo(broken, "--output-dir", dir.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("kcap: the agent would not start");
    Matcher state = Pattern.compile("(?m)^state directory (\\S+)").matcher(run.out());
    assertThat(state.find()).as(run.out()).isTrue();
    assertThat(Path.of(state.group(1))).doesNotExist();
    String namespaces = Tool.output("ip", "netns", "list");
    Matcher pods =
        Pattern.compile("(?m)^ +(shop\\S*|other\\S*) +(\\S+) +10\\.241\\.").matcher(run.out());
    int found = 0;
    while (pods.find()) {
      found++;
      assertThat(namespaces).doesNotContain("kcap-" + pods.group(1) + "." + pods.group(2));
    }
    assertThat(found).as("the pods it made, listed in:\n" + run.out()).isEqualTo(4);
  }

  @Test
  void withoutRootTheDemoSaysSoInOneLineAndMakesNothing() {
    // The same JVM and class path without CAP_NET_ADMIN in its bounding set: even root lacks it.
    String java = ProcessHandle.current().info().command().orElseThrow();
    Path output = dir.resolve("unprivileged");
    Tool.Result result =
        Tool.run(
            "setpriv",
            "--bounding-set=-net_admin",
            "--inh-caps=-net_admin",
            java,
            "-cp",
            System.getProperty("java.class.path"),
            KcapMain.class.getName(),
            "demo",
            "--output-dir",
            output.toString());

    assertThat(result.exitCode()).isEqualTo(77);
    assertThat(result.stdout()).isEmpty();
    assertThat(result.stderr())
        .isEqualTo(
            "kcap: kcap demo needs root (CAP_NET_ADMIN, CAP_SYS_ADMIN and CAP_NET_RAW) to make its"
                + " sandbox pods and capture them; run it as root or with sudo\n");
    assertThat(output).doesNotExist();
  }

  private static String filterOf(String protocol) {
    return protocol.equals("TCP/8080") ? "tcp port 8080" : "udp port 5353";
  }
}
