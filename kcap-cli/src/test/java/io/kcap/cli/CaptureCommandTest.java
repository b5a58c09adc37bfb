package io.kcap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcap.capture.filter.IpProtocol;
import io.kcap.capture.filter.PortRange;
import io.kcap.capture.filter.TrafficFilter;
import io.kcap.capture.filter.TrafficFilterCompiler;
import io.kcap.pcap.LinkType;
import io.kcap.pcap.PcapNgReader;
import io.kcap.pcap.bpf.BpfProgram;
import io.kcap.pcap.testing.PcapFile;
import io.kcap.testkit.NetnsLab;
import io.kcap.testkit.Tcpdump;
import io.kcap.testkit.Tool;
import io.kcap.testkit.Tshark;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CaptureCommandTest {
  @TempDir Path dir;

  private record Run(int exitCode, List<String> out, List<String> err) {}

  private static Run kcap(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode = KcapMain.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(exitCode, lines(out.toString()), lines(err.toString()));
  }

  private static List<String> lines(String text) {
    return text.isEmpty() ? List.of() : List.of(text.split("\n"));
  }

  /**
   * Runs {@code kcap capture -i IFACE --netns NETNS ARGS...} on host b while a pings b, and stops
   * the pings once the capture has ended.
   */
  private static Run captureOnBWhilePinging(NetnsLab lab, String... args)
      throws InterruptedException {
    List<String> command =
        new ArrayList<>(List.of("capture", "-i", lab.b().iface(), "--netns", lab.b().netns()));
    command.addAll(List.of(args));
    Thread ping = pingUntilInterrupted(lab);
    try {
      return kcap(command.toArray(String[]::new));
    } finally {
      ping.interrupt();
      ping.join();
    }
  }

  /**
   * Pings b from a in the background, one ping every 50 ms, until interrupted (at most 200): the
   * capture in the foreground gets its packets whenever its ring is attached.
   */
  private static Thread pingUntilInterrupted(NetnsLab lab) {
    return Thread.ofPlatform()
        .start(
            () -> {
              try {
                for (int i = 0; i < 200 && !Thread.currentThread().isInterrupted(); i++) {
                  lab.a().run("ping", "-c", "1", "-W", "1", lab.b().ipv4());
                  Thread.sleep(50);
                }
              } catch (InterruptedException | IllegalStateException stopped) {
                // Interrupted while pinging or sleeping: the capture has what it needs.
              }
            });
  }

  private static void quiet(NetnsLab lab) {
    for (NetnsLab.Host host : List.of(lab.a(), lab.b())) {
      // Without IPv6 the only traffic is the test's own: no router solicitations, no MLD.
      host.run("sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1").orThrow();
    }
  }

  @Test
  void aCountedCaptureWritesTheFileAndSaysHowManyPackets() throws Exception {
    try (NetnsLab lab = NetnsLab.create()) {
      quiet(lab);
      Path file = dir.resolve("out.pcap");
      Run run = captureOnBWhilePinging(lab, "-w", file.toString(), "-c", "4");

      assertThat(run.exitCode()).isZero();
      assertThat(run.err())
          .containsExactly(
              "kcap: capturing on "
                  + lab.b().iface()
                  + " in netns "
                  + lab.b().netns()
                  + ", link-type EN10MB, snapshot length 262144 bytes, ring 32768 KiB",
              "4 packets captured, 0 dropped by kernel");
      assertThat(PcapFile.read(file).packets()).hasSize(4);
    }
  }

  private static boolean isIcmpOverIpv4(io.kcap.pcap.Packet packet) {
    byte[] d = packet.data();
    return d.length > 23 && d[12] == 0x08 && d[13] == 0x00 && d[23] == 1;
  }

  @Test
  void anExpressionOrAProtocolFilterKeepsOnlyWhatItSelects() throws Exception {
    // The first ping starts with ARP: without the filter the first packets would be ARP.
    for (List<String> filter : List.of(List.of("icmp"), List.of("--protocol", "ICMP"))) {
      try (NetnsLab lab = NetnsLab.create()) {
        quiet(lab);
        Path file = dir.resolve("filtered.pcap");
        List<String> args = new ArrayList<>(List.of("-w", file.toString(), "-c", "6"));
        args.addAll(filter);
        Run run = captureOnBWhilePinging(lab, args.toArray(String[]::new));

        assertThat(run.exitCode()).as(filter.toString()).isZero();
        assertThat(PcapFile.read(file).packets())
            .hasSize(6)
            .allSatisfy(p -> assertThat(isIcmpOverIpv4(p)).isTrue());
      }
    }
  }

  @Test
  void formatPcapngWritesPcapngThatWiresharksToolsRead() throws Exception {
    try (NetnsLab lab = NetnsLab.create()) {
      quiet(lab);
      Path file = dir.resolve("out.pcapng");
      Run run =
          captureOnBWhilePinging(
              lab, "-w", file.toString(), "-c", "3", "--format", "pcapng", "icmp");

      assertThat(run.exitCode()).isZero();
      assertThat(run.err().getLast()).isEqualTo("3 packets captured, 0 dropped by kernel");
      assertThat(Tool.output("capinfos", file.toString()))
          .containsPattern("File type:\\s+Wireshark/... - pcapng")
          .containsPattern("File timestamp precision:\\s+nanoseconds \\(9\\)")
          .containsPattern("Number of packets:\\s+3\n")
          .contains("Description = netns " + lab.b().netns());
      assertThat(
              Tool.output(
                      "tshark", "-r", file.toString(), "-T", "fields", "-e", "frame.interface_name")
                  .lines())
          .containsExactly(lab.b().iface(), lab.b().iface(), lab.b().iface());
      assertThat(Tshark.statistics(file)).containsExactly("0\t3");
    }
  }

  @Test
  void aBadExpressionOrFilterIsOneLine() {
    Run expression = kcap("capture", "-i", "lo", "-w", dir.resolve("x").toString(), "tcp", "prot");
    assertThat(expression.exitCode()).isEqualTo(1);
    assertThat(expression.err()).hasSize(1);
    assertThat(expression.err().getFirst()).startsWith("kcap: ").contains("syntax error");

    Run protocol =
        kcap("capture", "-i", "lo", "-w", dir.resolve("x").toString(), "--protocol", "XTP");
    assertThat(protocol.exitCode()).isEqualTo(2);
    assertThat(protocol.err()).hasSize(1);
    assertThat(protocol.err().getFirst()).startsWith("kcap: ").contains("XTP");

    Run ports =
        kcap(
            "capture",
            "-i",
            "lo",
            "-w",
            dir.resolve("x").toString(),
            "--protocol",
            "ICMP",
            "--port",
            "80");
    assertThat(ports.exitCode()).isEqualTo(2);
    assertThat(ports.err()).hasSize(1);
  }

  @Test
  void sizeRotationSplitsTheCaptureWithoutLosingAPacket() throws Exception {
    try (NetnsLab lab = NetnsLab.create()) {
      quiet(lab);
      Path file = dir.resolve("rot.pcap");
      // 24-byte header + two 114-byte ICMP records fit in 300 bytes, a third does not.
      Run run =
          captureOnBWhilePinging(
              lab, "-w", file.toString(), "-c", "12", "--rotate-bytes", "300", "-s", "100");

      assertThat(run.exitCode()).isZero();
      List<Path> files;
      try (Stream<Path> listing = Files.list(dir)) {
        files = listing.sorted().toList();
      }
      assertThat(files).hasSizeGreaterThanOrEqualTo(6);
      assertThat(files.getLast()).isEqualTo(file);
      int total = 0;
      for (Path f : files) {
        assertThat(Files.size(f)).isLessThanOrEqualTo(300);
        total += PcapFile.read(f).packets().size();
      }
      assertThat(total).isEqualTo(12);
    }
  }

  @Test
  void anUnknownInterfaceIsOneLineAndExitCode1() {
    Run run = kcap("capture", "-i", "kcapnone0", "-w", dir.resolve("x.pcap").toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).containsExactly("kcap: no such interface: kcapnone0");
  }

  @Test
  void anUnknownNamespaceIsOneLineAndExitCode1() {
    Run run =
        kcap("capture", "-i", "eth0", "--netns", "kcap-nope", "-w", dir.resolve("x").toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .containsExactly("kcap: no network namespace named kcap-nope (/var/run/netns/kcap-nope)");
  }

  @Test
  void badValuesAreOneLineAndExitCode2() {
    assertThat(kcap("capture", "-i", "lo", "--ring-size", "big", "-w", "x.pcap"))
        .isEqualTo(
            new Run(
                2,
                List.of(),
                List.of("kcap: --ring-size 'big' is not a size such as 1048576, 512K, 64M or 2G")));
    assertThat(kcap("capture", "-i", "lo", "--max-files", "3", "-w", "x.pcap").err())
        .containsExactly("kcap: --max-files needs --rotate-seconds or --rotate-bytes");
    assertThat(kcap("capture", "-i", "lo", "--rotate-bytes", "1M").err())
        .containsExactly(
            "kcap: --rotate-seconds, --rotate-bytes and --max-files need -w FILE, not standard"
                + " output");
    assertThat(kcap("capture", "-i", "lo", "-s", "300000", "-w", "x.pcap").err())
        .containsExactly("kcap: snap length 300000 is outside 1..262144");
  }

  @Test
  void aMissingDirectoryIsOneLine() {
    Run run = kcap("capture", "-i", "lo", "-w", dir.resolve("no/such/dir/x.pcap").toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .containsExactly(
            "kcap: cannot start the capture output: "
                + dir.resolve("no/such/dir/x.pcap")
                + ": its directory does not exist");
  }

  @Test
  void aFileGetsItsPacketsWithinASecondAndAStreamWithinATenth() {
    assertThat(parsed("-i", "lo", "-w", "x.pcap").options().blockTimeout())
        .isEqualTo(Duration.ofSeconds(1));
    assertThat(parsed("-i", "lo", "-w", "-").options().blockTimeout())
        .isEqualTo(Duration.ofMillis(100));
    assertThat(String.join(" ", kcap("capture", "--help").out()).replaceAll("\\s+", " "))
        .contains("Packets reach a file within a second, a stream within a tenth of a second.");
  }

  @Test
  void eachProtocolTakesThePortsThatFollowItAsOneFilter() {
    CaptureCommand command =
        parsed(
            "-i",
            "lo",
            "--protocol",
            "UDP",
            "--port",
            "53",
            "--port",
            "1000:2000",
            "--protocol",
            "tcp",
            "-w",
            "x.pcap");

    BpfProgram program =
        command.options().filter().orElseThrow().compile(LinkType.ETHERNET, 262144);

    List<TrafficFilter> expected =
        List.of(
            TrafficFilter.of(IpProtocol.UDP, PortRange.of(53), PortRange.of(1000, 2000)),
            TrafficFilter.of(IpProtocol.TCP));
    assertThat(program)
        .isEqualTo(TrafficFilterCompiler.compile(expected, LinkType.ETHERNET, 262144))
        .isNotEqualTo(
            TrafficFilterCompiler.compile(
                List.of(TrafficFilter.of(IpProtocol.UDP, PortRange.of(53))),
                LinkType.ETHERNET,
                262144));
    assertThat(parsed("-i", "lo", "-w", "x.pcap").options().filter()).isEmpty();
  }

  private static CaptureCommand parsed(String... args) {
    CaptureCommand command = new CaptureCommand();
    new CommandLine(command.model()).parseArgs(args);
    return command;
  }

  @Test
  void helpExplainsEveryOption() {
    Run run = kcap("capture", "--help");
    assertThat(run.exitCode()).isZero();
    String help = String.join("\n", run.out());
    for (String option :
        List.of(
            "-i, --interface=IFACE",
            "-w, --write=FILE|-",
            "-c, --count=COUNT",
            "--duration=D",
            "--max-bytes=N",
            "-s, --snapshot-length=SNAPLEN",
            "--ring-size=SIZE",
            "--format=pcap|pcapng",
            "--protocol=P",
            "--port=X|A:B",
            "--netns=NAME",
            "--rotate-seconds=S",
            "--rotate-bytes=N",
            "--max-files=K",
            "[EXPR...]")) {
      assertThat(help).contains(option);
    }
  }

  // --- the real process: signals, standard output, permissions ---

  private static List<String> java(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(KcapMain.class.getName());
    command.addAll(List.of(args));
    return command;
  }

  /** Starts kcap and returns once it has attached its ring. */
  private static Process startCapture(List<String> command, Path stdout) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.redirectOutput(
        stdout == null
            ? ProcessBuilder.Redirect.DISCARD
            : ProcessBuilder.Redirect.to(stdout.toFile()));
    Process process = builder.start();
    return process;
  }

  private static String awaitLine(BufferedReader err, String prefix) throws IOException {
    String line;
    while ((line = err.readLine()) != null) {
      if (line.startsWith(prefix)) {
        return line;
      }
    }
    throw new IllegalStateException("kcap ended before printing '" + prefix + "'");
  }

  @Test
  void sigtermCompletesTheFileWithEveryPacketAndExits0() throws Exception {
    for (String signal : List.of("TERM", "INT")) {
      try (NetnsLab lab = NetnsLab.create()) {
        quiet(lab);
        Path ours = dir.resolve("kcap-" + signal + ".pcap");
        Path reference = dir.resolve("tcpdump-" + signal + ".pcap");
        Tcpdump tcpdump = Tcpdump.start(lab.b(), lab.b().iface(), reference);
        Process kcap;
        BufferedReader err;
        List<String> errLines = new ArrayList<>();
        try {
          kcap =
              startCapture(
                  java(
                      "capture",
                      "-i",
                      lab.b().iface(),
                      "--netns",
                      lab.b().netns(),
                      "-w",
                      ours.toString()),
                  null);
          err =
              new BufferedReader(
                  new InputStreamReader(kcap.getErrorStream(), StandardCharsets.UTF_8));
          errLines.add(awaitLine(err, "kcap: capturing on"));
          lab.a().run("ping", "-c", "3", "-i", "0.05", lab.b().ipv4()).orThrow();
          Thread.sleep(300);
          new ProcessBuilder("kill", "-" + signal, "" + kcap.pid()).start().waitFor();
          assertThat(kcap.waitFor(10, TimeUnit.SECONDS)).isTrue();
        } finally {
          tcpdump.close();
        }
        err.lines().forEach(errLines::add);
        PcapFile expected = PcapFile.read(reference);

        assertThat(kcap.exitValue()).as("exit code after SIG" + signal).isZero();
        assertThat(errLines.getLast())
            .isEqualTo(expected.packets().size() + " packets captured, 0 dropped by kernel");
        assertThat(expected.packets()).hasSizeGreaterThanOrEqualTo(6);
        assertThat(PcapFile.read(ours).records()).containsExactlyElementsOf(expected.records());
      }
    }
  }

  @Test
  void dashWStreamsPcapToStandardOutput() throws Exception {
    try (NetnsLab lab = NetnsLab.create()) {
      quiet(lab);
      Path stdout = dir.resolve("stdout.pcap");
      Process kcap =
          startCapture(
              java(
                  "capture",
                  "-i",
                  lab.b().iface(),
                  "--netns",
                  lab.b().netns(),
                  "-w",
                  "-",
                  "-c",
                  "6"),
              stdout);
      BufferedReader err =
          new BufferedReader(new InputStreamReader(kcap.getErrorStream(), StandardCharsets.UTF_8));
      awaitLine(err, "kcap: capturing on");
      lab.a().run("ping", "-c", "3", "-i", "0.05", lab.b().ipv4()).orThrow();
      assertThat(kcap.waitFor(10, TimeUnit.SECONDS)).isTrue();

      assertThat(kcap.exitValue()).isZero();
      assertThat(awaitLine(err, "6 packets")).isEqualTo("6 packets captured, 0 dropped by kernel");
      PcapFile file = PcapFile.read(stdout);
      assertThat(file.packets()).hasSize(6);
      assertThat(file.nanoseconds()).isTrue();
    }
  }

  @Test
  @Timeout(60)
  void dashWStreamsPcapngThatAReaderGetsWhileTheCaptureRuns() throws Exception {
    try (NetnsLab lab = NetnsLab.create()) {
      quiet(lab);
      Process kcap =
          new ProcessBuilder(
                  java(
                      "capture",
                      "-i",
                      lab.b().iface(),
                      "--netns",
                      lab.b().netns(),
                      "-w",
                      "-",
                      "--format",
                      "pcapng",
                      "icmp"))
              .start();
      ByteArrayOutputStream streamed = new ByteArrayOutputStream();
      InputStream stdout =
          new FilterInputStream(kcap.getInputStream()) {
            @Override
            public int read(byte[] bytes, int offset, int length) throws IOException {
              int read = super.read(bytes, offset, length);
              if (read > 0) {
                streamed.write(bytes, offset, read);
              }
              return read;
            }
          };
      try {
        BufferedReader err =
            new BufferedReader(
                new InputStreamReader(kcap.getErrorStream(), StandardCharsets.UTF_8));
        awaitLine(err, "kcap: capturing on");
        lab.a().run("ping", "-c", "3", "-i", "0.05", lab.b().ipv4()).orThrow();
        List<String> blocks = new ArrayList<>();
        try (PcapNgReader reader = PcapNgReader.open(Channels.newChannel(stdout))) {
          blocks.add(reader.block().getClass().getSimpleName());
          int packets = 0;
          while (packets < 6 && reader.nextBlock()) {
            blocks.add(reader.block().getClass().getSimpleName());
            packets += reader.isPacket() ? 1 : 0;
          }
          // Every packet arrived while kcap still runs: the stream is live, not written at exit.
          assertThat(kcap.isAlive()).isTrue();
          new ProcessBuilder("kill", "-TERM", "" + kcap.pid()).start().waitFor();
          while (reader.nextBlock()) {
            blocks.add(reader.block().getClass().getSimpleName());
          }
        }
        assertThat(kcap.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kcap.exitValue()).isZero();
        assertThat(awaitLine(err, "6 packets"))
            .isEqualTo("6 packets captured, 0 dropped by kernel");
        assertThat(blocks)
            .containsExactly(
                "SectionHeader",
                "InterfaceDescription",
                "EnhancedPacket",
                "EnhancedPacket",
                "EnhancedPacket",
                "EnhancedPacket",
                "EnhancedPacket",
                "EnhancedPacket",
                "InterfaceStatistics");
      } finally {
        kcap.destroyForcibly();
      }
      Path file = dir.resolve("stdout.pcapng");
      Files.write(file, streamed.toByteArray());
      assertThat(
              Tool.output(
                      "tshark", "-r", file.toString(), "-T", "fields", "-e", "frame.interface_name")
                  .lines())
          .hasSize(6)
          .containsOnly(lab.b().iface());
      assertThat(Tshark.statistics(file)).containsExactly("0\t6");
    }
  }

  @Test
  void withoutCapNetRawTheErrorSaysSo() throws Exception {
    List<String> command =
        new ArrayList<>(List.of("setpriv", "--bounding-set", "-net_raw", "--inh-caps", "-net_raw"));
    command.addAll(java("capture", "-i", "lo", "-w", dir.resolve("x.pcap").toString()));
    Process kcap =
        new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    String err = new String(kcap.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(kcap.waitFor(30, TimeUnit.SECONDS)).isTrue();

    assertThat(kcap.exitValue()).isEqualTo(1);
    assertThat(lines(err.strip()))
        .containsExactly(
            "kcap: no permission to capture on lo: opening a packet socket needs CAP_NET_RAW (run"
                + " as root or grant the capability)");
    assertThat(new File(dir.toFile(), "x.pcap")).doesNotExist();
  }
}
