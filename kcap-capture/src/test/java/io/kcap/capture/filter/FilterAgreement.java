package io.kcap.capture.filter;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcap.capture.PcapFilterCompiler;
import io.kcap.pcap.LinkType;
import io.kcap.pcap.Packet;
import io.kcap.pcap.bpf.BpfInterpreter;
import io.kcap.pcap.bpf.BpfProgram;
import io.kcap.pcap.testing.TcpdumpOracle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The three-way check behind kcap's filter semantics: on every packet of a capture, kcap's own
 * program, libpcap's program for the equivalent expression (both run by kcap's interpreter) and
 * tcpdump itself keep the same packets.
 */
final class FilterAgreement {
  static final int SNAP_LENGTH = 262144;

  private FilterAgreement() {}

  /** Asserts the agreement; returns how many packets were kept. */
  static int assertAgree(
      List<TrafficFilter> filters,
      LinkType linkType,
      List<Packet> packets,
      Path capture,
      TcpdumpOracle tcpdump)
      throws Exception {
    String expression = FilterExpression.of(filters);
    BpfProgram ours = TrafficFilterCompiler.compile(filters, linkType, SNAP_LENGTH);
    BpfProgram libpcaps = PcapFilterCompiler.compile(expression, linkType, SNAP_LENGTH);

    Set<Long> keptByOurs = kept(new BpfInterpreter(ours), packets);
    Set<Long> keptByLibpcaps = kept(new BpfInterpreter(libpcaps), packets);
    Set<Long> keptByTcpdump = tcpdump.keptTimestamps(capture, expression);

    assertThat(keptByLibpcaps)
        .as("libpcap's program for '%s' run by kcap vs tcpdump", expression)
        .isEqualTo(keptByTcpdump);
    assertThat(keptByOurs)
        .as("kcap's program vs libpcap's for '%s'", expression)
        .isEqualTo(keptByLibpcaps);
    return keptByOurs.size();
  }

  private static Set<Long> kept(BpfInterpreter interpreter, List<Packet> packets) {
    Set<Long> kept = new TreeSet<>();
    for (Packet packet : packets) {
      int accepted = interpreter.run(packet);
      if (accepted != 0) {
        assertThat(accepted).as("accept length").isEqualTo(SNAP_LENGTH);
        kept.add(packet.timestampNanos());
      }
    }
    return kept;
  }

  /** Filter lists that cover every branch of the compiler, named by their expression. */
  static Stream<Arguments> filterLists() {
    List<List<TrafficFilter>> lists = new ArrayList<>();
    lists.add(List.of(TrafficFilter.of(IpProtocol.TCP)));
    lists.add(List.of(TrafficFilter.of(IpProtocol.UDP)));
    lists.add(List.of(TrafficFilter.of(IpProtocol.ICMP)));
    lists.add(List.of(TrafficFilter.of(IpProtocol.ICMPV6)));
    lists.add(List.of(TrafficFilter.of(IpProtocol.SCTP)));
    lists.add(List.of(TrafficFilter.of(IpProtocol.UDPLITE)));
    lists.add(List.of(TrafficFilter.of(new IpProtocol(47))));
    lists.add(List.of(TrafficFilter.of(IpProtocol.TCP, PortRange.of(80))));
    lists.add(List.of(TrafficFilter.of(IpProtocol.UDP, PortRange.of(53))));
    lists.add(
        List.of(
            TrafficFilter.of(
                IpProtocol.TCP, PortRange.of(80), PortRange.of(443), PortRange.of(8000, 8080))));
    lists.add(List.of(TrafficFilter.of(IpProtocol.UDP, PortRange.of(0, 1023))));
    lists.add(List.of(TrafficFilter.of(IpProtocol.TCP, PortRange.of(8081, 65535))));
    lists.add(List.of(TrafficFilter.of(IpProtocol.TCP, PortRange.of(0, 65535))));
    lists.add(List.of(TrafficFilter.of(IpProtocol.SCTP, PortRange.of(80), PortRange.of(7999))));
    lists.add(List.of(TrafficFilter.of(IpProtocol.UDPLITE, PortRange.of(53))));
    lists.add(
        List.of(
            TrafficFilter.of(IpProtocol.UDPLITE, PortRange.of(8000, 8080), PortRange.of(2049))));
    lists.add(
        List.of(
            TrafficFilter.of(IpProtocol.TCP, PortRange.of(80)), TrafficFilter.of(IpProtocol.UDP)));
    lists.add(
        List.of(
            TrafficFilter.of(IpProtocol.TCP, PortRange.of(80)),
            TrafficFilter.of(IpProtocol.UDP, PortRange.of(53)),
            TrafficFilter.of(IpProtocol.ICMP),
            TrafficFilter.of(IpProtocol.ICMPV6)));
    lists.add(
        List.of(
            TrafficFilter.of(IpProtocol.UDP, PortRange.of(53)), TrafficFilter.of(IpProtocol.UDP)));
    lists.add(
        List.of(
            TrafficFilter.of(IpProtocol.UDPLITE, PortRange.of(53)),
            TrafficFilter.of(IpProtocol.SCTP, PortRange.of(53)),
            TrafficFilter.of(new IpProtocol(200))));
    lists.add(List.of(TrafficFilter.of(IpProtocol.ICMP), TrafficFilter.of(IpProtocol.TCP)));
    lists.add(manyFilters());
    return lists.stream().map(list -> Arguments.of(FilterExpression.of(list), list));
  }

  /** Enough filters and ports that some jumps need the long form. */
  private static List<TrafficFilter> manyFilters() {
    List<TrafficFilter> filters = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      List<PortRange> ports = new ArrayList<>();
      for (int j = 0; j < 6; j++) {
        ports.add(PortRange.of(1000 * i + 100 * j, 1000 * i + 100 * j + 10 + i));
      }
      ports.add(PortRange.of(i == 5 ? 53 : 8080 + i));
      filters.add(TrafficFilter.of(i % 2 == 0 ? IpProtocol.TCP : IpProtocol.UDP, ports));
    }
    filters.add(TrafficFilter.of(IpProtocol.UDPLITE, PortRange.of(80), PortRange.of(443)));
    filters.add(TrafficFilter.of(IpProtocol.ICMPV6));
    return filters;
  }
}
