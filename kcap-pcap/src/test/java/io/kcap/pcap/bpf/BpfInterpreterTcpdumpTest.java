package io.kcap.pcap.bpf;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcap.pcap.LinkType;
import io.kcap.pcap.Packet;
import io.kcap.pcap.testing.SyntheticTraffic;
import io.kcap.pcap.testing.TcpdumpOracle;
import io.kcap.pcap.testing.TestPcap;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The interpreter keeps exactly the packets tcpdump keeps, for programs libpcap compiled, on
 * synthetic frames that include truncated captures, fragments and extension headers.
 */
class BpfInterpreterTcpdumpTest {
  private static final int SNAP_LENGTH = 262144;

  @TempDir static Path directory;
  private static TcpdumpOracle tcpdump;
  private static List<Packet> packets;
  private static Path capture;

  @BeforeAll
  static void writeCorpus() throws Exception {
    tcpdump = new TcpdumpOracle(directory);
    packets = SyntheticTraffic.generate(20240611L, 4000);
    capture = directory.resolve("synthetic.pcap");
    TestPcap.write(capture, LinkType.ETHERNET, SNAP_LENGTH, packets);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "",
        "tcp",
        "udp",
        "icmp",
        "icmp6",
        "sctp",
        "arp",
        "ip",
        "ip6",
        "vlan",
        "vlan 100",
        "vlan and ip6",
        "tcp port 80",
        "udp port 53",
        "port 443",
        "portrange 8000-8080",
        "tcp portrange 7999-8080",
        "src port 80",
        "dst port 53 or dst port 2049",
        "ip proto 136",
        "ip6 proto 136",
        "proto 47",
        "ip[6:2] & 0x1fff != 0",
        "ip[6:2] & 0x1fff = 0 and udp",
        "ip6 and ip6[6] = 44",
        "host 10.201.0.1",
        "net 10.201.0.0/16",
        "ip6 host fd00::1",
        "ether host 02:00:00:00:00:02",
        "ether proto 0x88cc",
        "len > 100",
        "greater 100",
        "less 60",
        "ip[2:2] / 4 > 10",
        "ip[2:2] % 7 = 3",
        "ip[8] * 3 > 100",
        "ip[8] - 10 > 20",
        "ip[8] + ip[9] > 70",
        "ip[8] << ip[9] = 0",
        "ether[12] >> ether[13] = 0",
        "ip[1] >> 2 = 0",
        "ip[0] << 3 > 100",
        "ip[1] | 1 = 1",
        "ether[0] / ether[1] > 1",
        "ether[0] % ether[1] > 1",
        "ether[12:4] ^ ether[16:4] > 0x80000000",
        "ip[8] > ip[9]",
        "ip[8] >= ip[9]",
        "ip[9] = ip[1]",
        "ip[8] & ip[9] != 0",
        "tcp[tcpflags] & tcp-syn != 0",
        "tcp[0:4] > 0x80000000",
        "udp[0:2] = 53",
        "ip6[40:2] = 80",
        "ether[12:2] > 0x8000",
        "ip and not tcp and not udp",
        "(tcp and (port 80 or portrange 8000-8080)) or (udp)",
        "icmp[icmptype] = icmp-echo",
        "ether[len - 1] = 7",
        "ip[2:2] + 14 = len"
      })
  void keepsTheSamePacketsAsTcpdump(String expression) throws Exception {
    BpfProgram program = tcpdump.compile(expression, LinkType.ETHERNET, SNAP_LENGTH);
    BpfInterpreter interpreter = new BpfInterpreter(program);

    Set<Long> kept = new TreeSet<>();
    for (Packet packet : packets) {
      int accepted = interpreter.run(packet);
      if (accepted != 0) {
        assertThat(accepted).as("accept length").isEqualTo(SNAP_LENGTH);
        kept.add(packet.timestampNanos());
      }
    }

    assertThat(kept).isEqualTo(tcpdump.keptTimestamps(capture, expression));
    if (!expression.isEmpty()) {
      assertThat(kept.size())
          .as("packets kept, of %d", packets.size())
          .isBetween(1, packets.size() - 1);
    }
  }
}
