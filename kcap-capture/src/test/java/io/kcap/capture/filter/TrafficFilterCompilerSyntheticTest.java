package io.kcap.capture.filter;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcap.pcap.LinkType;
import io.kcap.pcap.Packet;
import io.kcap.pcap.testing.SyntheticTraffic;
import io.kcap.pcap.testing.TcpdumpOracle;
import io.kcap.pcap.testing.TestPcap;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * kcap's filter programs keep what libpcap and tcpdump keep on synthetic frames built to hit the
 * corners (truncated captures, IPv4 options and fragments, IPv6 fragment and hop-by-hop headers,
 * SCTP and UDP-Lite), on Ethernet, raw IP and Linux cooked captures.
 */
class TrafficFilterCompilerSyntheticTest {
  @TempDir static Path directory;
  private static TcpdumpOracle tcpdump;
  private static List<Packet> ethernet;
  private static List<Packet> raw;
  private static List<Packet> cooked;

  @BeforeAll
  static void writeCorpora() throws Exception {
    tcpdump = new TcpdumpOracle(directory);
    ethernet = SyntheticTraffic.generate(7L, 5000);
    raw = SyntheticTraffic.relink(ethernet, LinkType.RAW);
    cooked = SyntheticTraffic.relink(ethernet, LinkType.LINUX_SLL);
    TestPcap.write(
        file(LinkType.ETHERNET), LinkType.ETHERNET, FilterAgreement.SNAP_LENGTH, ethernet);
    TestPcap.write(file(LinkType.RAW), LinkType.RAW, FilterAgreement.SNAP_LENGTH, raw);
    TestPcap.write(
        file(LinkType.LINUX_SLL), LinkType.LINUX_SLL, FilterAgreement.SNAP_LENGTH, cooked);
  }

  private static Path file(LinkType linkType) {
    return directory.resolve(linkType + ".pcap");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.kcap.capture.filter.FilterAgreement#filterLists")
  void keepsWhatLibpcapKeepsOnEthernet(String expression, List<TrafficFilter> filters)
      throws Exception {
    int kept =
        FilterAgreement.assertAgree(
            filters, LinkType.ETHERNET, ethernet, file(LinkType.ETHERNET), tcpdump);
    assertThat(kept).as("packets kept of %d", ethernet.size()).isBetween(1, ethernet.size() - 1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.kcap.capture.filter.FilterAgreement#filterLists")
  void keepsWhatLibpcapKeepsOnRawIp(String expression, List<TrafficFilter> filters)
      throws Exception {
    FilterAgreement.assertAgree(filters, LinkType.RAW, raw, file(LinkType.RAW), tcpdump);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.kcap.capture.filter.FilterAgreement#filterLists")
  void keepsWhatLibpcapKeepsOnLinuxCookedCaptures(String expression, List<TrafficFilter> filters)
      throws Exception {
    FilterAgreement.assertAgree(
        filters, LinkType.LINUX_SLL, cooked, file(LinkType.LINUX_SLL), tcpdump);
  }
}
