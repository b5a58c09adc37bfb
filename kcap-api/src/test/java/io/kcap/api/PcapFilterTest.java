package io.kcap.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.kcap.api.TestPackets.TestPacket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PcapFilterTest {
  private static final String UDPLITE_5000 =
      "(ip proto 136 and (ip[6:2] & 0x1fff) = 0 and (ip[(ip[0] & 0xf) << 2:2] = 5000"
          + " or ip[((ip[0] & 0xf) << 2) + 2:2] = 5000))"
          + " or (ip6 proto 136 and (ip6[40:2] = 5000 or ip6[42:2] = 5000))";

  @TempDir static Path dir;
  private static Path packetsFile;

  /** A spread of traffic: each filter below keeps some of it and drops the rest. */
  private static final List<TestPacket> PACKETS =
      List.of(
          TestPacket.of(4, 6, 40000, 80),
          TestPacket.of(6, 6, 80, 40000),
          TestPacket.of(4, 6, 8080, 40001),
          TestPacket.of(4, 6, 40002, 3000),
          TestPacket.of(4, 6, 40003, 443),
          new TestPacket(4, 6, 40000, 80, true, false),
          TestPacket.of(4, 17, 40004, 53),
          TestPacket.of(6, 17, 53, 40005),
          TestPacket.of(4, 1),
          TestPacket.of(6, 58),
          TestPacket.of(4, 132, 40006, 9),
          new TestPacket(4, 136, 40007, 5000, false, true),
          TestPacket.of(6, 136, 5000, 40008),
          TestPacket.of(4, 136, 40009, 5001),
          TestPacket.of(4, 47),
          TestPacket.of(6, 47),
          new TestPacket(4, 136, 40000, 5000, true, false),
          TestPacket.of(6, 17, 40010, 4500),
          TestPacket.of(6, 136, 40011, 4500));

  @BeforeAll
  static void writePackets() throws IOException {
    packetsFile = dir.resolve("traffic.pcap");
    TestPackets.write(packetsFile, PACKETS);
  }

  static Stream<Arguments> expressions() {
    return Stream.of(
        Arguments.of(List.of(), ""),
        Arguments.of(List.of(filter("TCP")), "tcp"),
        Arguments.of(List.of(filter("TCP", 80)), "tcp and port 80"),
        Arguments.of(
            List.of(filter("TCP", 8080, "1234:5678")),
            "tcp and (port 8080 or portrange 1234-5678)"),
        Arguments.of(List.of(filter("TCP"), filter("UDP")), "tcp or udp"),
        Arguments.of(List.of(filter("TCP"), filter(6), filter("6")), "tcp"),
        Arguments.of(
            List.of(filter("UDPLite", 5000), filter(47)),
            "(" + UDPLITE_5000 + ") or (ip proto 47 or ip6 proto 47)"),
        Arguments.of(List.of(filter("UDP", "53")), "udp and port 53"),
        Arguments.of(List.of(filter("ICMP")), "icmp"),
        Arguments.of(List.of(filter("ICMPv6")), "icmp6"),
        Arguments.of(List.of(filter("SCTP", 9)), "sctp and port 9"),
        Arguments.of(List.of(filter(6, "6040:6040")), "tcp and port 6040"),
        Arguments.of(List.of(filter("17")), "udp"),
        Arguments.of(List.of(filter(1)), "icmp"),
        Arguments.of(List.of(filter(47)), "(ip proto 47 or ip6 proto 47)"),
        Arguments.of(List.of(filter("UDPLite")), "(ip proto 136 or ip6 proto 136)"),
        Arguments.of(List.of(filter("UDPLite", 5000)), UDPLITE_5000),
        Arguments.of(List.of(filter("TCP"), CaptureFilter.ANY), ""),
        Arguments.of(List.of(filter("ICMP"), filter("UDP", 53)), "icmp or (udp and port 53)"));
  }

  @ParameterizedTest
  @MethodSource("expressions")
  void filtersTranslateToTheDocumentedExpression(List<CaptureFilter> filters, String expected) {
    assertThat(PcapFilter.expression(filters)).isEqualTo(expected);
  }

  @ParameterizedTest
  @MethodSource("expressions")
  void tcpdumpCompilesEveryExpression(List<CaptureFilter> filters, String ignored)
      throws Exception {
    assertCompiles(PcapFilter.expression(filters));
  }

  @Test
  void bpfIsAndedWithTheFiltersInParentheses() {
    var spec = PacketCaptureSpec.builder().filter(filter("TCP", 80)).bpf(" not host 10.0.0.1 ");

    assertThat(PcapFilter.expression(spec.build()))
        .isEqualTo("(tcp and port 80) and (not host 10.0.0.1)");
    assertThat(PcapFilter.expression(spec.filters(List.of()).build()))
        .isEqualTo("not host 10.0.0.1");
    assertThat(PcapFilter.expression(PacketCaptureSpec.builder().build())).isEmpty();
  }

  @Test
  void everyTestManifestTranslatesToAnExpressionTcpdumpCompiles() throws Exception {
    List<String> files = new ArrayList<>(Fixtures.CALICO_MANIFESTS);
    files.add("manifests/kcap/everything.yaml");
    int checked = 0;
    for (String file : files) {
      for (CaptureManifest manifest : PacketCaptureManifests.read(Fixtures.resource(file))) {
        assertCompiles(PcapFilter.expression(manifest.capture().getSpec()));
        checked++;
      }
    }
    assertThat(checked).isEqualTo(12);
  }

  static Stream<Arguments> selections() {
    return Stream.of(
        Arguments.of(List.of(filter("TCP")), ""),
        Arguments.of(List.of(filter("TCP", 80)), ""),
        Arguments.of(List.of(filter("TCP", 8080, "1234:5678")), ""),
        Arguments.of(List.of(filter("UDP", 53)), ""),
        Arguments.of(List.of(filter("ICMP")), ""),
        Arguments.of(List.of(filter("ICMPv6")), ""),
        Arguments.of(List.of(filter("SCTP", 9)), ""),
        Arguments.of(List.of(filter(47)), ""),
        Arguments.of(List.of(filter("UDPLite")), ""),
        Arguments.of(List.of(filter("UDPLite", 5000)), ""),
        Arguments.of(List.of(filter("UDPLite", "4000:5000")), ""),
        Arguments.of(List.of(filter("6", 80)), ""),
        Arguments.of(List.of(filter("ICMP"), filter("UDP", 53), filter("UDPLite", 5001)), ""),
        Arguments.of(List.of(filter("TCP"), filter("UDP")), "ip6"),
        Arguments.of(List.of(), "icmp or icmp6"),
        Arguments.of(List.of(CaptureFilter.ANY), ""));
  }

  /**
   * tcpdump, running the generated expression over {@link #PACKETS}, keeps exactly the packets the
   * filters' meaning (protocol, then source or destination port) selects.
   */
  @ParameterizedTest
  @MethodSource("selections")
  void tcpdumpKeepsExactlyThePacketsTheFiltersDescribe(List<CaptureFilter> filters, String bpf)
      throws Exception {
    var spec = PacketCaptureSpec.builder().filters(filters);
    Predicate<TestPacket> bpfMeaning = packet -> true;
    if (!bpf.isEmpty()) {
      spec.bpf(bpf);
      bpfMeaning =
          switch (bpf) {
            case "ip6" -> packet -> packet.ipVersion() == 6;
            case "icmp or icmp6" -> packet -> packet.protocol() == 1 || packet.protocol() == 58;
            default -> throw new IllegalArgumentException(bpf);
          };
    }
    Predicate<TestPacket> meaning = bpfMeaning;
    Set<Integer> expected = new TreeSet<>();
    IntStream.range(0, PACKETS.size())
        .filter(i -> meaning.test(PACKETS.get(i)) && matches(filters, PACKETS.get(i)))
        .forEach(i -> expected.add(i + 1));

    Set<Integer> kept = tcpdumpKeeps(PcapFilter.expression(spec.build()));

    assertThat(kept).isNotEmpty().isEqualTo(expected);
  }

  @Test
  void invalidFiltersAreRefusedNotTranslated() {
    assertThatThrownBy(() -> PcapFilter.expression(List.of(filter("tcp"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"tcp\"");
    assertThatThrownBy(() -> PcapFilter.expression(List.of(filter("ICMP", 7))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no ports");
    assertThatThrownBy(() -> PcapFilter.expression(List.of(filter("TCP", 0))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid port \"0\"");
  }

  /** The filters' meaning, written independently of the translation. */
  private static boolean matches(List<CaptureFilter> filters, TestPacket packet) {
    if (filters.isEmpty()) {
      return true;
    }
    for (CaptureFilter filter : filters) {
      if (filter.protocol().isEmpty()) {
        return true;
      }
      if (IpProtocol.of(filter.protocol().get()).number() != packet.protocol()) {
        continue;
      }
      if (filter.ports().isEmpty()) {
        return true;
      }
      if (packet.laterFragment()) {
        continue; // its ports are in the first fragment
      }
      for (IntOrString written : filter.ports()) {
        PortRange range = PortRange.of(written);
        for (int port : new int[] {packet.sourcePort(), packet.destinationPort()}) {
          if (port >= range.first() && port <= range.last()) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static CaptureFilter filter(Object protocol, Object... ports) {
    List<IntOrString> written = Stream.of(ports).map(IntOrString::new).toList();
    return CaptureFilter.of(new IntOrString(protocol), written);
  }

  private static void assertCompiles(String expression) throws Exception {
    Result result = tcpdump("-d", "-r", packetsFile.toString(), expression);
    assertThat(result.exit()).as("tcpdump -d '%s': %s", expression, result.err()).isZero();
    assertThat(result.out()).as(expression).contains("ret");
  }

  private static final Pattern TIMESTAMP = Pattern.compile("^\\s*(\\d+)\\.\\d{6} ");

  private static Set<Integer> tcpdumpKeeps(String expression) throws Exception {
    Result result = tcpdump("-n", "-tt", "-r", packetsFile.toString(), expression);
    assertThat(result.exit()).as("tcpdump '%s': %s", expression, result.err()).isZero();
    Set<Integer> kept = new TreeSet<>();
    for (String line : result.out().split("\n")) {
      Matcher matcher = TIMESTAMP.matcher(line);
      if (matcher.find()) {
        kept.add(Integer.parseInt(matcher.group(1)));
      }
    }
    return kept;
  }

  private record Result(int exit, String out, String err) {}

  private static Result tcpdump(String... arguments) throws Exception {
    List<String> command = new ArrayList<>(List.of("tcpdump"));
    command.addAll(List.of(arguments));
    Path err = Files.createTempFile(dir, "tcpdump", ".err");
    Process process = new ProcessBuilder(command).redirectError(err.toFile()).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), out, Files.readString(err));
  }
}
