package io.kcap.pcap.bpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kcap.pcap.LinkType;
import io.kcap.pcap.testing.TcpdumpOracle;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BpfListingTest {
  @TempDir static Path directory;
  private static TcpdumpOracle tcpdump;

  @BeforeAll
  static void oracle() {
    tcpdump = new TcpdumpOracle(directory);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "",
        "tcp port 80",
        "udp portrange 8000-8080 or icmp6",
        "vlan 100 and ip6",
        "ip6 protochain 6",
        "len > 100 and len - 60 > 3",
        "ip[8] + ip[9] > 70 and ip[8] - ip[9] < 7 and ip[8] * ip[9] = 3",
        "ether[0] / ether[1] > 1 or ether[0] % ether[1] > 1 or ip[2:2] / 4 > 10 or ip[2:2] % 7 = 3",
        "ip[0] & ip[1] != 0 or ip[0] | ip[1] = 4 or ip[0] ^ ip[1] = 5 or ip[1] | 1 = 1",
        "ip[8] << ip[9] = 0 or ip[8] >> ip[9] = 1 or ip[0] << 3 > 100 or ip[1] >> 2 = 0",
        "ip[8] > ip[9] or ip[8] >= ip[9] or ether[0:4] ^ ether[4:4] = 0xffffffff",
        "tcp[tcpflags] & (tcp-syn|tcp-ack) = tcp-syn",
        "ip and not tcp and not udp and ip[6:2] & 0x1fff != 0",
        "(host 10.201.0.1 and net 10.0.0.0/8) or ip6 net fd00::/8",
        "ether[len - 1] = 7 and ether[len - 2:2] = 0x1234"
      })
  void printsWhatTcpdumpPrints(String expression) throws Exception {
    BpfProgram program = tcpdump.compile(expression, LinkType.ETHERNET, 65535);

    assertThat(BpfListing.assembly(program))
        .isEqualTo(tcpdump.listing("-d", expression, LinkType.ETHERNET, 65535));
    assertThat(BpfListing.cArray(program))
        .isEqualTo(tcpdump.listing("-dd", expression, LinkType.ETHERNET, 65535));
    assertThat(BpfListing.decimal(program))
        .isEqualTo(tcpdump.listing("-ddd", expression, LinkType.ETHERNET, 65535));
  }

  @Test
  void namesTheLinuxAncillaryLoadsAsLibpcapDoes() {
    BpfProgram program =
        new BpfProgram(
            List.of(
                new BpfInstruction(0x30, 0, 0, BpfOpcode.LINUX_ANCILLARY_OFFSET + 48),
                new BpfInstruction(0x28, 0, 0, BpfOpcode.LINUX_ANCILLARY_OFFSET + 2),
                new BpfInstruction(0x06, 0, 0, 0)));
    assertThat(BpfListing.assembly(program))
        .isEqualTo(
            """
            (000) ldb      [vlanp]
            (001) ldh      [-4094]
            (002) ret      #0
            """);
  }

  @Test
  void readsTheDecimalFormBackIncludingTheCommaSeparatedFormOfIptables() {
    BpfProgram program =
        new BpfProgram(
            List.of(new BpfInstruction(0x28, 0, 0, 12), new BpfInstruction(0x06, 0, 0, -1)));
    assertThat(BpfListing.parseDecimal(BpfListing.decimal(program))).isEqualTo(program);
    assertThat(BpfListing.parseDecimal("2,40 0 0 12,6 0 0 4294967295")).isEqualTo(program);
  }

  @Test
  void rejectsDecimalTextThatDoesNotAddUp() {
    assertThatThrownBy(() -> BpfListing.parseDecimal("3\n6 0 0 0\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("BPF program text announces 3 instructions but has 1");
    assertThatThrownBy(() -> BpfListing.parseDecimal("1\n6 0 0\n"))
        .hasMessage("BPF program text line 2 '6 0 0' is not 'code jt jf k'");
    assertThatThrownBy(() -> BpfListing.parseDecimal("1\n6 0 256 0\n"))
        .hasMessage("BPF program text line 2: jf 256 is outside 0..255");
    assertThatThrownBy(() -> BpfListing.parseDecimal("1\n6 0 0 x\n"))
        .hasMessage("BPF program text line 2: 'x' is not an unsigned 32-bit number");
  }
}
