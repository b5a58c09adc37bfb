package io.kcap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcap.testkit.SampleCaptures;
import io.kcap.testkit.Tool;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** kcap pcap info, filter and merge, run in memory, checked against tcpdump and Wireshark. */
class PcapCommandsTest {
  @TempDir static Path dir;
  static SampleCaptures samples;
  static Path mixed;
  static Path garbage;
  static Path headerOnly;

  @BeforeAll
  static void prepare() throws IOException {
    samples = SampleCaptures.get();
    mixed = dir.resolve("mixed.pcapng");
    Tool.output(
        "mergecap",
        "-w",
        mixed.toString(),
        samples.ethernet().toString(),
        samples.any().toString());
    garbage = dir.resolve("notes.txt");
    Files.writeString(garbage, "these are not packets\n");
    headerOnly = dir.resolve("empty.pcap");
    Files.write(headerOnly, java.util.Arrays.copyOf(Files.readAllBytes(samples.ethernet()), 24));
  }

  /** Exit code and what was printed. */
  private record Run(int exitCode, String out, String err) {}

  private static Run kcap(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode = KcapMain.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(exitCode, out.toString(), err.toString());
  }

  private static void assertOneLineError(Run run, int exitCode, String message) {
    assertThat(run.exitCode()).isEqualTo(exitCode);
    assertThat(run.err()).isEqualTo("kcap: " + message + "\n");
  }

  private static String path(Path file) {
    return file.toString();
  }

  @Test
  void infoPrintsOneJsonObjectPerFileInArgumentOrderAgreeingWithCapinfos() {
    List<Path> files =
        List.of(samples.ethernet(), samples.pcapng(), garbage, headerOnly, samples.nanosecond());
    List<String> args = new ArrayList<>(List.of("pcap", "info", "--json"));
    files.forEach(f -> args.add(path(f)));
    Run run = kcap(args.toArray(String[]::new));

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEmpty();
    List<?> array = (List<?>) JsonText.parse(run.out());
    assertThat(array).hasSize(files.size());
    for (int i = 0; i < files.size(); i++) {
      @SuppressWarnings("unchecked")
      Map<String, Object> object = (Map<String, Object>) array.get(i);
      Path file = files.get(i);
      assertThat(object.get("file")).isEqualTo(path(file));
      if (file.equals(garbage)) {
        assertThat(object.keySet()).containsExactly("file", "error");
        assertThat(object.get("error"))
            .isEqualTo("at byte 0: not a pcap or pcapng file: unknown magic number 0x74686573");
        continue;
      }
      String[] capinfos =
          Tool.output("capinfos", "-T", "-M", "-r", "-c", "-a", "-e", "-S", "-d", path(file))
              .strip()
              .split("\t");
      assertThat(object.get("packets")).isEqualTo(new BigDecimal(capinfos[1]));
      assertThat(object.get("originalBytes")).isEqualTo(new BigDecimal(capinfos[2]));
      assertThat(object.get("format"))
          .isEqualTo(file.toString().endsWith("pcapng") ? "pcapng" : "pcap");
      if (file.equals(headerOnly)) {
        assertThat(object).doesNotContainKeys("earliest", "latest");
        assertThat(object.get("capturedBytes")).isEqualTo(BigDecimal.ZERO);
        continue;
      }
      assertThat((String) object.get("earliest"))
          .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z");
      assertThat(epochSeconds((String) object.get("earliest")))
          .isEqualByComparingTo(new BigDecimal(capinfos[3]));
      assertThat(epochSeconds((String) object.get("latest")))
          .isEqualByComparingTo(new BigDecimal(capinfos[4]));
      long captured =
          Tool.output("tshark", "-r", path(file), "-T", "fields", "-e", "frame.cap_len")
              .lines()
              .mapToLong(Long::parseLong)
              .sum();
      assertThat(object.get("capturedBytes")).isEqualTo(BigDecimal.valueOf(captured));
    }
  }

  private static BigDecimal epochSeconds(String rfc3339) {
    Instant instant = Instant.parse(rfc3339);
    return BigDecimal.valueOf(instant.getEpochSecond())
        .add(BigDecimal.valueOf(instant.getNano(), 9));
  }

  @Test
  void infoPrintsEveryFieldAsTextAndReportsABadFileOnOneLine() {
    Run run =
        kcap("pcap", "info", path(samples.nanosecondPcapng()), path(garbage), path(samples.any()));
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "kcap: "
                + path(garbage)
                + ": at byte 0: not a pcap or pcapng file: unknown magic number 0x74686573\n");
    assertThat(run.out().lines())
        .contains(
            "File:           " + path(samples.nanosecondPcapng()),
            "Format:         pcapng 1.0, little-endian",
            "Link types:     EN10MB (1)",
            "  #0: EN10MB, snap length 262144, resolution 10^-9 s",
            "File:           " + path(samples.any()),
            "Format:         pcap 2.4, little-endian",
            "Link types:     LINUX_SLL2 (276)")
        .anyMatch(line -> line.matches("Packets: +\\d+"))
        .anyMatch(line -> line.matches("Earliest: +\\d{4}-.*\\.\\d{9}Z"))
        .anyMatch(line -> line.matches("Duration: +\\d+\\.\\d{9} s"))
        .anyMatch(line -> line.matches("Packet rate: +[0-9.]+ packets/s"))
        .anyMatch(line -> line.matches("Data rate: +[0-9.]+ bytes/s \\([0-9.]+ bits/s\\)"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "udp",
        "tcp port 8080 and len > 100",
        "icmp6",
        "src host 10.201.0.1",
        "not ip"
      })
  void filterWritesWhatTcpdumpWritesForPcapInput(String expression) throws IOException {
    for (Path input : List.of(samples.ethernet(), samples.any(), samples.nanosecond())) {
      Path reference = dir.resolve("tcpdump.pcap");
      Path ours = dir.resolve("kcap.pcap");
      List<String> tcpdump =
          new ArrayList<>(List.of("tcpdump", "-r", path(input), "-w", path(reference)));
      List<String> args =
          new ArrayList<>(List.of("pcap", "filter", "-r", path(input), "-w", path(ours)));
      if (!expression.isEmpty()) {
        tcpdump.add(expression);
        args.addAll(List.of(expression.split(" ")));
      }
      Tool.run(tcpdump).orThrow();
      Run run = kcap(args.toArray(String[]::new));
      assertThat(run.err()).isEmpty();
      assertThat(run.exitCode()).isZero();
      assertThat(Files.readAllBytes(ours))
          .as("%s filtered by '%s'", input, expression)
          .isEqualTo(Files.readAllBytes(reference));
    }
  }

  @Test
  void filterWritesNanosecondsWhenAskedAsTcpdumpNanoDoes() throws IOException {
    Path reference = dir.resolve("tcpdump-nano.pcap");
    Path ours = dir.resolve("kcap-nano.pcap");
    Tool.output("tcpdump", "--nano", "-r", path(samples.ethernet()), "-w", path(reference), "udp");
    Run run =
        kcap("pcap", "filter", "--nano", "-r", path(samples.ethernet()), "-w", path(ours), "udp");
    assertThat(run.exitCode()).isZero();
    assertThat(Files.readAllBytes(ours)).isEqualTo(Files.readAllBytes(reference));
  }

  @Test
  void filterCompilesTheExpressionForEachLinkTypeOfAPcapng() throws IOException {
    Path ours = dir.resolve("mixed-filtered.pcapng");
    Run run = kcap("pcap", "filter", "-r", path(mixed), "-w", path(ours), "udp", "or", "icmp");
    assertThat(run.err()).isEmpty();
    assertThat(run.exitCode()).isZero();
    List<String> expected = new ArrayList<>();
    for (Path single : List.of(samples.ethernet(), samples.any())) {
      Path filtered = dir.resolve("single.pcap");
      Tool.output("tcpdump", "-r", path(single), "-w", path(filtered), "udp or icmp");
      expected.addAll(stamps(filtered));
    }
    assertThat(expected).hasSizeGreaterThan(10);
    assertThat(stamps(ours)).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(Tool.output("capinfos", "-T", "-M", "-E", path(ours)).lines().skip(1).findFirst())
        .hasValueSatisfying(line -> assertThat(line).endsWith("per-packet"));
    assertThat(Tool.output("capinfos", path(ours))).contains("Number of interfaces in file: 2");
  }

  private static List<String> stamps(Path file) {
    return Tool.output(
            "tshark", "-r", path(file), "-T", "fields", "-e", "frame.time_epoch", "-e", "frame.len")
        .lines()
        .toList();
  }

  @Test
  void filterKeepsTheTimeWindowAndConvertsFormats() throws IOException {
    List<String> all = stamps(samples.ethernet());
    String first = all.get(all.size() / 3).split("\t")[0];
    String last = all.get(all.size() * 2 / 3).split("\t")[0];
    // --start is inclusive, --end exclusive; one bound is written with an offset.
    Instant start = instant(first);
    Instant end = instant(last);
    String endWithOffset =
        java.time.OffsetDateTime.ofInstant(end, java.time.ZoneOffset.ofHours(2)).toString();
    Path window = dir.resolve("window.pcapng");
    Run run =
        kcap(
            "pcap",
            "filter",
            "-r",
            path(samples.ethernet()),
            "-w",
            path(window),
            "-F",
            "pcapng",
            "--start",
            start.toString(),
            "--end",
            endWithOffset);
    assertThat(run.err()).isEmpty();
    List<String> kept = stamps(window);
    assertThat(kept)
        .isEqualTo(all.subList(all.indexOf(all.get(all.size() / 3)), all.size() * 2 / 3));
    assertThat(Files.readAllBytes(window)).startsWith(0x0A, 0x0D, 0x0D, 0x0A);

    Path backToPcap = dir.resolve("from-pcapng.pcap");
    Path reference = dir.resolve("tcpdump-from-pcapng.pcap");
    assertThat(
            kcap(
                    "pcap",
                    "filter",
                    "-r",
                    path(samples.pcapng()),
                    "-w",
                    path(backToPcap),
                    "-F",
                    "pcap")
                .exitCode())
        .isZero();
    Tool.output("tcpdump", "-r", path(samples.pcapng()), "-w", path(reference));
    assertThat(Files.readAllBytes(backToPcap)).isEqualTo(Files.readAllBytes(reference));
  }

  private static Instant instant(String epochSeconds) {
    BigDecimal seconds = new BigDecimal(epochSeconds);
    return Instant.ofEpochSecond(0, seconds.movePointRight(9).longValueExact());
  }

  @Test
  void filterWritesToStandardOutputWithDash() throws Exception {
    Path reference = dir.resolve("stdout-reference.pcap");
    Tool.output("tcpdump", "-r", path(samples.ethernet()), "-w", path(reference), "tcp");
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                KcapMain.class.getName(),
                "pcap",
                "filter",
                "-r",
                path(samples.ethernet()),
                "-w",
                "-",
                "tcp")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    process.getInputStream().transferTo(out);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
    assertThat(out.toByteArray()).isEqualTo(Files.readAllBytes(reference));
  }

  static Stream<Arguments> filterMistakes() {
    return Stream.of(
        Arguments.of(
            List.of("-r", "IN", "-w", "OUT", "-F", "pcapx"),
            2,
            "-F pcapx is not a format; use pcap or pcapng"),
        Arguments.of(
            List.of("-r", "IN", "-w", "OUT", "--start", "yesterday"),
            2,
            "--start 'yesterday' is not an RFC 3339 time such as 2024-05-01T12:00:00Z or 2024-05-01T14:00:00.5+02:00"),
        Arguments.of(
            List.of(
                "-r",
                "IN",
                "-w",
                "OUT",
                "--start",
                "2024-05-01T12:00:00Z",
                "--end",
                "2024-05-01T11:00:00Z"),
            2,
            "--end 2024-05-01T11:00:00Z is not after --start 2024-05-01T12:00:00Z"),
        Arguments.of(
            List.of("-r", "IN", "-w", "IN"),
            2,
            "the output IN is also an input; choose another file"),
        Arguments.of(List.of("-r", "MISSING", "-w", "OUT"), 1, "MISSING: no such file"),
        Arguments.of(
            List.of("-r", "DIR", "-w", "OUT"), 1, "DIR: is a directory, not a capture file"),
        Arguments.of(List.of("-r", "IN", "-w", "NOWHERE"), 1, "NOWHERE: no such file or directory"),
        Arguments.of(
            List.of("-r", "GARBAGE", "-w", "OUT"),
            1,
            "GARBAGE: at byte 0: not a pcap or pcapng file: unknown magic number 0x74686573"),
        Arguments.of(
            List.of("-r", "IN", "-w", "OUT", "udp", "and"),
            2,
            "filter expression 'udp and' does not compile: can't parse filter expression: syntax error"));
  }

  @ParameterizedTest
  @MethodSource("filterMistakes")
  void filterRefusesMistakesWithOneLine(List<String> args, int exitCode, String message)
      throws IOException {
    Path out = dir.resolve("untouched.pcap");
    Files.writeString(out, "keep me");
    List<String> command = new ArrayList<>(List.of("pcap", "filter"));
    for (String arg : args) {
      command.add(
          switch (arg) {
            case "IN" -> path(samples.ethernet());
            case "OUT" -> path(out);
            case "MISSING" -> path(dir.resolve("missing.pcap"));
            case "GARBAGE" -> path(garbage);
            case "DIR" -> path(dir);
            case "NOWHERE" -> path(dir.resolve("no/such/dir.pcap"));
            default -> arg;
          });
    }
    String expected =
        message
            .replace("MISSING", path(dir.resolve("missing.pcap")))
            .replace("NOWHERE", path(dir.resolve("no/such/dir.pcap")))
            .replace("DIR", path(dir))
            .replace("GARBAGE", path(garbage))
            .replace("IN", path(samples.ethernet()));
    assertOneLineError(kcap(command.toArray(String[]::new)), exitCode, expected);
    assertThat(Files.readString(out)).isEqualTo("keep me");
  }

  @Test
  void filterStopsAtACutRecordHavingWrittenWhatTcpdumpWrites() throws IOException {
    byte[] whole = Files.readAllBytes(samples.ethernet());
    Path cut = dir.resolve("cut.pcap");
    Files.write(cut, java.util.Arrays.copyOf(whole, whole.length - 10));
    Path reference = dir.resolve("tcpdump-cut.pcap");
    Path ours = dir.resolve("kcap-cut.pcap");
    Tool.Result tcpdump = Tool.run("tcpdump", "-r", path(cut), "-w", path(reference));
    assertThat(tcpdump.exitCode()).isNotZero();
    Run run = kcap("pcap", "filter", "-r", path(cut), "-w", path(ours));
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .matches(
            "kcap: "
                + java.util.regex.Pattern.quote(path(cut))
                + ": at byte \\d+: truncated record: captured length \\d+ but only \\d+ bytes before the end of the file\n");
    assertThat(Files.readAllBytes(ours)).isEqualTo(Files.readAllBytes(reference));
  }

  @Test
  void mergeWritesMergecapsPacketSequence() throws IOException {
    Path shifted = dir.resolve("shifted.pcap");
    Tool.output("editcap", "-t", "0.0004", path(samples.nanosecond()), path(shifted));
    Path reference = dir.resolve("mergecap.pcap");
    Path ours = dir.resolve("merged.pcap");
    Tool.output(
        "mergecap",
        "-F",
        "pcap",
        "-w",
        path(reference),
        path(samples.ethernet()),
        path(shifted),
        path(samples.pcapng()));
    Run run =
        kcap(
            "pcap",
            "merge",
            "-o",
            path(ours),
            path(samples.ethernet()),
            path(shifted),
            path(samples.pcapng()));
    assertThat(run.err()).isEmpty();
    assertThat(run.exitCode()).isZero();
    assertThat(tcpdumpText(ours)).isEqualTo(tcpdumpText(reference));
  }

  @Test
  void mergeOfSeveralLinkTypesIsPcapngUnlessPcapIsDemanded() throws IOException {
    Path ours = dir.resolve("merged-mixed.pcapng");
    Run run =
        kcap("pcap", "merge", "-o", path(ours), path(samples.ethernet()), path(samples.any()));
    assertThat(run.exitCode()).isZero();
    assertThat(stamps(ours)).isEqualTo(stamps(mixed));
    assertOneLineError(
        kcap(
            "pcap",
            "merge",
            "-F",
            "pcap",
            "-o",
            path(dir.resolve("never.pcap")),
            path(samples.ethernet()),
            path(samples.any())),
        2,
        "a pcap file holds one link type but the inputs have [EN10MB, LINUX_SLL2]; merge to pcapng instead");
    assertOneLineError(
        kcap(
            "pcap",
            "merge",
            "-o",
            path(dir.resolve("never.pcap")),
            path(samples.ethernet()),
            path(garbage)),
        1,
        path(garbage) + ": at byte 0: not a pcap or pcapng file: unknown magic number 0x74686573");
  }

  private static List<String> tcpdumpText(Path file) {
    return Tool.output("tcpdump", "-r", path(file), "-tt", "-nn", "-e", "-xx").lines().toList();
  }

  @Test
  void everyCommandExplainsEveryOption() {
    assertThat(kcap("pcap", "info", "--help").out()).contains("--json", "FILE");
    assertThat(kcap("pcap", "filter", "--help").out())
        .contains("-r=IN", "-w=OUT", "-F=FORMAT", "--start=TIME", "--end=TIME", "--nano", "EXPR");
    assertThat(kcap("pcap", "merge", "--help").out()).contains("-o, -w=OUT", "-F=FORMAT", "FILE");
    assertThat(kcap("pcap", "--help").out())
        .contains("info", "filter", "merge")
        .doesNotContain("generate");
    Run missing = kcap("pcap", "filter", "-w", "x.pcap");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).startsWith("Missing required option: '-r=IN'");
  }

  @Test
  void filesAreRequiredWhereTheyAreTheInput() {
    Run info = kcap("pcap", "info");
    assertThat(info.exitCode()).isEqualTo(2);
    assertThat(info.err())
        .startsWith("Missing required parameter: 'FILE'")
        .contains("Usage: kcap pcap info [-hV] [--json] FILE...");
    Run merge = kcap("pcap", "merge");
    assertThat(merge.exitCode()).isEqualTo(2);
    assertThat(merge.err()).startsWith("Missing required options and parameters: '-o=OUT', 'FILE'");
  }

  @Test
  void theGroupsAnswerHelpAndVersionAsBefore() {
    assertThat(kcap("--version").out()).startsWith("kcap ");
    Run pcap = kcap("pcap");
    assertThat(pcap.exitCode()).isZero();
    assertThat(pcap.out())
        .startsWith("Usage: kcap pcap [-hV] [COMMAND]")
        .contains("-h, --help      Show this help message and exit.");
    Run none = kcap();
    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.err()).startsWith("Missing required subcommand").contains("Usage: kcap [-hV]");
  }

  @Test
  void generateWritesTheSameImixFilesForTheSameSeed() throws IOException {
    Path a = dir.resolve("gen-a-%d.pcap");
    Path b = dir.resolve("gen-b-%d.pcap");
    assertThat(kcap("pcap", "generate", "-o", path(a), "--size", "2MiB", "--files", "2").exitCode())
        .isZero();
    assertThat(kcap("pcap", "generate", "-o", path(b), "--size", "2MiB", "--files", "2").exitCode())
        .isZero();
    for (int i = 1; i <= 2; i++) {
      Path fileA = Path.of(path(a).replace("%d", Integer.toString(i)));
      Path fileB = Path.of(path(b).replace("%d", Integer.toString(i)));
      assertThat(Files.readAllBytes(fileA)).isEqualTo(Files.readAllBytes(fileB));
      assertThat(Files.size(fileA)).isBetween(900_000L, 1_200_000L);
    }
    Path first = Path.of(path(a).replace("%d", "1"));
    List<String> lengths =
        Tool.output("tshark", "-r", path(first), "-T", "fields", "-e", "frame.len")
            .lines()
            .toList();
    assertThat(lengths).containsOnly("60", "590", "1514");
    long small = lengths.stream().filter("60"::equals).count();
    assertThat((double) small / lengths.size()).isBetween(0.5, 0.66);
    for (String protocol : List.of("tcp", "udp", "icmp")) {
      assertThat(Tool.output("tcpdump", "-r", path(first), "-nn", protocol).lines().count())
          .as(protocol)
          .isGreaterThan(lengths.size() / 20);
    }
  }
}
