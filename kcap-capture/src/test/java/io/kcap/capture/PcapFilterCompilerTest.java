package io.kcap.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kcap.pcap.LinkType;
import io.kcap.pcap.bpf.BpfListing;
import io.kcap.pcap.bpf.BpfProgram;
import io.kcap.pcap.testing.TcpdumpOracle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PcapFilterCompilerTest {
  private static final List<String> EXPRESSIONS =
      List.of(
          "",
          "tcp",
          "udp port 53",
          "tcp portrange 8000-8080",
          "portrange 1-1023 and not port 22",
          "ip6",
          "icmp",
          "icmp6 and ip6[40] = 128",
          "ip[6:2] & 0x1fff != 0",
          "host 10.201.0.1",
          "src net 10.201.0.0/16 and dst host 10.201.1.2",
          "ip6 host fd00::1 or ip6 net fd01::/16",
          "(tcp and (port 80 or portrange 8000-8080)) or (udp)",
          "tcp[tcpflags] & (tcp-syn|tcp-fin) != 0",
          "ip proto 136 or ip6 proto 136",
          "sctp port 9",
          "len > 1000",
          "ip6 protochain 6");

  @TempDir static Path directory;
  private static TcpdumpOracle tcpdump;

  @BeforeAll
  static void oracle() {
    tcpdump = new TcpdumpOracle(directory);
  }

  static Stream<Arguments> expressionsOnEveryLinkType() {
    List<Arguments> cases = new ArrayList<>();
    for (String expression : EXPRESSIONS) {
      cases.add(Arguments.of(LinkType.ETHERNET, expression));
      cases.add(Arguments.of(LinkType.RAW, expression));
      cases.add(Arguments.of(LinkType.LINUX_SLL, expression));
    }
    cases.add(Arguments.of(LinkType.ETHERNET, "vlan 100 and tcp"));
    cases.add(Arguments.of(LinkType.ETHERNET, "ether host 02:00:00:00:00:01 or arp"));
    cases.add(Arguments.of(LinkType.LINUX_SLL2, "udp port 53"));
    cases.add(Arguments.of(LinkType.IPV4, "udp port 53"));
    cases.add(Arguments.of(LinkType.IPV6, "udp port 53"));
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("expressionsOnEveryLinkType")
  void compilesToWhatTcpdumpPrints(LinkType linkType, String expression) throws Exception {
    BpfProgram program = PcapFilterCompiler.compile(expression, linkType, 65535);

    assertThat(BpfListing.cArray(program))
        .isEqualTo(tcpdump.listing("-dd", expression, linkType, 65535));
    assertThat(program).isEqualTo(tcpdump.compile(expression, linkType, 65535));
  }

  @Test
  void acceptingProgramsReturnTheSnapLength() throws Exception {
    BpfProgram program = PcapFilterCompiler.compile("tcp", LinkType.ETHERNET, 262144);
    assertThat(program).isEqualTo(tcpdump.compile("tcp", LinkType.ETHERNET, 262144));
    assertThat(BpfListing.assembly(program)).contains("ret      #262144");
  }

  @Test
  void aBadExpressionFailsWithLibpcapsMessageAndTheExpression() {
    assertThatThrownBy(() -> PcapFilterCompiler.compile("tcp prot 80", LinkType.ETHERNET, 65535))
        .isInstanceOf(CaptureException.class)
        .hasMessage(
            "filter expression 'tcp prot 80' does not compile: can't parse filter expression: syntax error");
    assertThatThrownBy(() -> PcapFilterCompiler.compile("vlan", LinkType.RAW, 65535))
        .isInstanceOf(CaptureException.class)
        .hasMessage("filter expression 'vlan' does not compile: no VLAN support for Raw IP");
    assertThatThrownBy(() -> PcapFilterCompiler.compile("ip and ip6", LinkType.ETHERNET, 65535))
        .isInstanceOf(CaptureException.class)
        .hasMessage(
            "filter expression 'ip and ip6' does not compile: expression rejects all packets");
  }

  @Test
  void rejectsSnapLengthsLibpcapDoesNotTake() {
    assertThatThrownBy(() -> PcapFilterCompiler.compile("tcp", LinkType.ETHERNET, 300000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("snap length 300000 is outside 1..262144");
    assertThatThrownBy(() -> PcapFilterCompiler.compile("tcp", LinkType.ETHERNET, 0))
        .hasMessage("snap length 0 is outside 1..262144");
  }

  @Test
  void compilationsDuringAndAfterAPreparationOnAnotherThreadCompileAsTcpdumpDoes()
      throws Exception {
    BpfProgram expected = tcpdump.compile("udp port 53", LinkType.ETHERNET, 65535);
    Thread preparing = Thread.ofPlatform().start(PcapFilterCompiler::prepare);

    BpfProgram during = PcapFilterCompiler.compile("udp port 53", LinkType.ETHERNET, 65535);
    preparing.join();
    PcapFilterCompiler.prepare();

    assertThat(during).isEqualTo(expected);
    assertThat(PcapFilterCompiler.compile("udp port 53", LinkType.ETHERNET, 65535))
        .isEqualTo(expected);
  }

  @Test
  void aMissingLibpcapIsReportedWithTheDebianPackageToInstall() {
    assertThatThrownBy(() -> Libpcap.load(List.of("libkcap-no-such-pcap.so.9")))
        .isInstanceOf(CaptureException.class)
        .hasMessageStartingWith(
            "libpcap is needed to compile filter expressions but none of"
                + " libkcap-no-such-pcap.so.9 could be loaded")
        .hasMessageEndingWith("install it, e.g. with the Debian package libpcap0.8");
  }

  @Test
  void concurrentCompilationsEachGetTheirOwnProgram() throws Exception {
    List<String> expressions = List.of("tcp port 80", "udp port 53", "icmp6", "host 10.201.0.1");
    List<BpfProgram> expected = new ArrayList<>();
    for (String expression : expressions) {
      expected.add(tcpdump.compile(expression, LinkType.ETHERNET, 65535));
    }
    try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        int which = i % expressions.size();
        results.add(
            pool.submit(
                () ->
                    PcapFilterCompiler.compile(expressions.get(which), LinkType.ETHERNET, 65535)
                        .equals(expected.get(which))));
      }
      for (Future<Boolean> result : results) {
        assertThat(result.get()).isTrue();
      }
    }
  }
}
