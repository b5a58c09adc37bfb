package io.kcap.capture.filter;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcap.capture.PcapFilterCompiler;
import io.kcap.capture.testing.RealTrafficCorpus;
import io.kcap.pcap.LinkType;
import io.kcap.pcap.Packet;
import io.kcap.pcap.bpf.BpfInterpreter;
import io.kcap.pcap.testing.TcpdumpOracle;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * On real traffic captured by tcpdump between two test network namespaces (needs root, iproute2 and
 * tcpdump): kcap's filter programs, libpcap's programs for the equivalent expressions, and tcpdump
 * itself keep the same packets, whole and cut to a short snap length.
 */
class RealTrafficAgreementTest {
  @TempDir static Path directory;
  private static TcpdumpOracle tcpdump;
  private static RealTrafficCorpus corpus;

  @BeforeAll
  static void captureCorpus() throws Exception {
    tcpdump = new TcpdumpOracle(directory);
    corpus = RealTrafficCorpus.capture(directory);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "tcp port 80",
        "tcp[tcpflags] & tcp-rst != 0",
        "ip6 and tcp port 8443",
        "udp port 53",
        "ip6 and udp port 53",
        "ip[6:2] & 0x1fff != 0",
        "ip[6:2] & 0x2000 != 0",
        "ip6[6] = 44",
        "icmp[icmptype] = icmp-echo",
        "icmp[icmptype] = icmp-echoreply",
        "icmp[icmptype] = icmp-unreach and icmp[17] = 17",
        "icmp[icmptype] = icmp-unreach and icmp[17] = 136",
        "icmp6 and ip6[40] = 1",
        "icmp6 and ip6[40] = 128",
        "icmp6 and ip6[40] = 135",
        "ip proto 136",
        "ip6 proto 136",
        "sctp",
        "arp",
        "vlan"
      })
  void theCorpusHoldsTheTrafficTheFiltersCareAbout(String expression) throws Exception {
    assertThat(tcpdump.keptTimestamps(corpus.file(), expression)).as(expression).isNotEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.kcap.capture.filter.FilterAgreement#filterLists")
  void filtersKeepWhatLibpcapAndTcpdumpKeep(String expression, List<TrafficFilter> filters)
      throws Exception {
    FilterAgreement.assertAgree(
        filters, LinkType.ETHERNET, corpus.packets(), corpus.file(), tcpdump);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.kcap.capture.filter.FilterAgreement#filterLists")
  void filtersKeepWhatLibpcapAndTcpdumpKeepOnTruncatedPackets(
      String expression, List<TrafficFilter> filters) throws Exception {
    FilterAgreement.assertAgree(
        filters, LinkType.ETHERNET, corpus.truncatedPackets(), corpus.truncatedFile(), tcpdump);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "tcp",
        "udp",
        "icmp or icmp6",
        "port 53",
        "portrange 79-444",
        "tcp port 80 or udp port 53",
        "host 10.201.77.2 and not arp",
        "src host fd00:77::1",
        "net 10.201.0.0/16",
        "ip[6:2] & 0x1fff != 0",
        "ip6 proto 44 or ip6 proto 17",
        "greater 1000",
        "less 100",
        "tcp[tcpflags] & (tcp-syn|tcp-fin) != 0",
        "ether broadcast",
        "ether multicast and not ip6",
        "icmp[icmptype] = icmp-unreach",
        "ip6 and ip6[6] = 0",
        "vlan and tcp port 80",
        "not ip and not ip6"
      })
  void theInterpreterKeepsWhatTcpdumpKeeps(String expression) throws Exception {
    for (boolean truncated : List.of(false, true)) {
      List<Packet> packets = truncated ? corpus.truncatedPackets() : corpus.packets();
      Path file = truncated ? corpus.truncatedFile() : corpus.file();
      Set<Long> kept = new TreeSet<>();
      BpfInterpreter interpreter =
          new BpfInterpreter(PcapFilterCompiler.compile(expression, LinkType.ETHERNET, 262144));
      for (Packet packet : packets) {
        if (interpreter.accepts(packet)) {
          kept.add(packet.timestampNanos());
        }
      }
      assertThat(kept)
          .as("%s%s", expression, truncated ? " (truncated)" : "")
          .isEqualTo(tcpdump.keptTimestamps(file, expression));
    }
  }
}
