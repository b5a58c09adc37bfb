package io.kcap.capture.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kcap.capture.PcapFilterCompiler;
import io.kcap.pcap.LinkType;
import io.kcap.pcap.bpf.BpfInstruction;
import io.kcap.pcap.bpf.BpfInterpreter;
import io.kcap.pcap.bpf.BpfOpcode;
import io.kcap.pcap.bpf.BpfProgram;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrafficFilterCompilerTest {
  @Test
  void noFiltersCompileToAcceptingEveryPacketLikeAnEmptyExpression() {
    BpfProgram expected = PcapFilterCompiler.compile("", LinkType.ETHERNET, 262144);
    assertThat(TrafficFilterCompiler.compile(List.of(), LinkType.ETHERNET, 262144))
        .isEqualTo(expected);
    assertThat(
            TrafficFilterCompiler.compile(
                List.of(TrafficFilter.of(IpProtocol.UDP), TrafficFilter.all()),
                LinkType.ETHERNET,
                262144))
        .isEqualTo(expected);
  }

  @Test
  void commonFiltersAreNoLongerThanLibpcapsOptimizedPrograms() {
    for (List<TrafficFilter> filters :
        List.of(
            List.of(TrafficFilter.of(IpProtocol.TCP)),
            List.of(TrafficFilter.of(IpProtocol.UDP, PortRange.of(53))),
            List.of(TrafficFilter.of(IpProtocol.SCTP, PortRange.of(1, 1023))),
            List.of(TrafficFilter.of(IpProtocol.ICMP), TrafficFilter.of(IpProtocol.ICMPV6)))) {
      BpfProgram ours = TrafficFilterCompiler.compile(filters, LinkType.ETHERNET, 262144);
      BpfProgram libpcaps =
          PcapFilterCompiler.compile(FilterExpression.of(filters), LinkType.ETHERNET, 262144);
      assertThat(ours.size()).as(FilterExpression.of(filters)).isLessThanOrEqualTo(libpcaps.size());
    }
  }

  @Test
  void farJumpsGoThroughUnconditionalJumpsAndTheProgramStaysValid() {
    List<TrafficFilter> filters = new ArrayList<>();
    for (int port = 1; port <= 120; port++) {
      filters.add(TrafficFilter.of(IpProtocol.TCP, PortRange.of(port * 10, port * 10 + 5)));
    }
    BpfProgram program = TrafficFilterCompiler.compile(filters, LinkType.ETHERNET, 262144);

    assertThat(program.size()).isGreaterThan(256);
    assertThat(program.instructions())
        .extracting(BpfInstruction::code)
        .contains(BpfOpcode.JMP | BpfOpcode.JA);
    new BpfInterpreter(program); // validates every jump target
  }

  @Test
  void filtersTooManyForTheKernelAreRejectedWithTheCount() {
    List<PortRange> ports = new ArrayList<>();
    for (int port = 0; port < 2000; port++) {
      ports.add(PortRange.of(port * 30, port * 30 + 1));
    }
    assertThatThrownBy(
            () ->
                TrafficFilterCompiler.compile(
                    List.of(TrafficFilter.of(IpProtocol.UDP, ports)), LinkType.ETHERNET, 262144))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the filters compile to ")
        .hasMessageEndingWith(" BPF instructions, more than the kernel's maximum 4096");
  }

  @Test
  void unsupportedLinkTypesAndSnapLengthsAreRejected() {
    assertThatThrownBy(() -> TrafficFilterCompiler.compile(List.of(), LinkType.NULL, 262144))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "link type NULL is not one kcap compiles filters for; supported: [EN10MB, LINUX_SLL,"
                + " LINUX_SLL2, RAW, IPV4, IPV6]");
    assertThatThrownBy(() -> TrafficFilterCompiler.compile(List.of(), LinkType.ETHERNET, 262145))
        .hasMessage("snap length 262145 is outside 1..262144");
  }
}
