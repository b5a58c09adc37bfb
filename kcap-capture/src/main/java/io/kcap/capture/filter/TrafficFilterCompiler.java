package io.kcap.capture.filter;

import static io.kcap.pcap.bpf.BpfOpcode.ABS;
import static io.kcap.pcap.bpf.BpfOpcode.ALU;
import static io.kcap.pcap.bpf.BpfOpcode.AND;
import static io.kcap.pcap.bpf.BpfOpcode.B;
import static io.kcap.pcap.bpf.BpfOpcode.H;
import static io.kcap.pcap.bpf.BpfOpcode.IND;
import static io.kcap.pcap.bpf.BpfOpcode.JEQ;
import static io.kcap.pcap.bpf.BpfOpcode.JSET;
import static io.kcap.pcap.bpf.BpfOpcode.K;
import static io.kcap.pcap.bpf.BpfOpcode.LD;
import static io.kcap.pcap.bpf.BpfOpcode.LDX;
import static io.kcap.pcap.bpf.BpfOpcode.MSH;

import io.kcap.capture.PcapFilterCompiler;
import io.kcap.pcap.LinkType;
import io.kcap.pcap.bpf.BpfInstruction;
import io.kcap.pcap.bpf.BpfProgram;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Compiles kcap's traffic filters to classic BPF in pure Java, so that captures defined only by
 * {@code filters} need no libpcap at run time.
 *
 * <p>The program keeps exactly the packets libpcap keeps for {@link FilterExpression#of}'s
 * expression (kcap's tests check it packet by packet on real traffic). In particular, like libpcap:
 *
 * <ul>
 *   <li>filters are OR'ed; within one filter the protocol and the ports are AND'ed, and a port
 *       matches the source or the destination port;
 *   <li>a protocol matches IPv4's protocol field, or IPv6's next header either directly or behind a
 *       single fragment header (other extension headers are not walked); ICMP is IPv4 only and
 *       ICMPv6 IPv6 only;
 *   <li>ports are only read from IPv4 packets that are not fragments or are first fragments (their
 *       fragment offset is 0), and from IPv6 packets whose fixed header's next header is the
 *       protocol, so IPv6 fragments never match a port;
 *   <li>ICMP errors quoting a UDP or TCP header are ICMP, never UDP or TCP;
 *   <li>a load beyond the captured bytes rejects the packet.
 * </ul>
 *
 * <p>The one place the two can differ is a packet captured too short for a test that libpcap's
 * optimizer removed as redundant: libpcap then keeps it where kcap's program rejects it. kcap drops
 * the redundancy libpcap drops most often (port filters of a protocol that another filter selects
 * whole). Live captures are unaffected: the kernel runs the filter on the whole packet.
 *
 * {@snippet :
 * BpfProgram program =
 *     TrafficFilterCompiler.compile(
 *         List.of(TrafficFilter.of(IpProtocol.TCP, PortRange.of(443))), LinkType.ETHERNET, 262144);
 * }
 */
public final class TrafficFilterCompiler {
  private static final int ETHERTYPE_IPV4 = 0x0800;
  private static final int ETHERTYPE_IPV6 = 0x86dd;
  private static final int IPV6_FRAGMENT_HEADER = 44;

  private TrafficFilterCompiler() {}

  /** The link types {@link #compile} knows the headers of. */
  public static final List<LinkType> SUPPORTED_LINK_TYPES =
      List.of(
          LinkType.ETHERNET,
          LinkType.LINUX_SLL,
          LinkType.LINUX_SLL2,
          LinkType.RAW,
          LinkType.IPV4,
          LinkType.IPV6);

  /**
   * Compiles {@code filters} for packets of {@code linkType}; an accepting program returns {@code
   * snapLength}. An empty list, or a list with a filter that matches all traffic, accepts every
   * packet.
   *
   * @throws IllegalArgumentException for a link type not in {@link #SUPPORTED_LINK_TYPES}, a snap
   *     length outside 1..262144, or filters too many to fit in the kernel's 4096 instructions
   */
  public static BpfProgram compile(List<TrafficFilter> filters, LinkType linkType, int snapLength) {
    Objects.requireNonNull(filters, "filters");
    if (snapLength < 1 || snapLength > PcapFilterCompiler.MAX_SNAP_LENGTH) {
      throw new IllegalArgumentException(
          "snap length " + snapLength + " is outside 1.." + PcapFilterCompiler.MAX_SNAP_LENGTH);
    }
    LinkLayer link = LinkLayer.of(linkType);
    return CodeGenerator.generate(condition(filters, link), snapLength);
  }

  static Condition condition(List<TrafficFilter> filters, LinkLayer link) {
    if (filters.isEmpty()) {
      return Condition.TRUE;
    }
    // A filter for every packet of a protocol makes that protocol's port filters redundant.
    // libpcap's optimizer drops them too, and with them their port loads, which matters for a
    // capture cut short before the ports: the packet is kept, not rejected by the load.
    Set<IpProtocol> wholeProtocols = new HashSet<>();
    for (TrafficFilter filter : filters) {
      if (filter.ports().isEmpty()) {
        filter.protocol().ifPresent(wholeProtocols::add);
      }
    }
    List<Condition> ipv4 = new ArrayList<>();
    List<Condition> ipv6 = new ArrayList<>();
    for (TrafficFilter filter : filters) {
      if (filter.protocol().isEmpty()) {
        return Condition.TRUE;
      }
      IpProtocol protocol = filter.protocol().orElseThrow();
      if (!filter.ports().isEmpty() && wholeProtocols.contains(protocol)) {
        continue;
      }
      if (!protocol.equals(IpProtocol.ICMPV6)) {
        ipv4.add(ipv4(protocol, filter.ports(), link.networkOffset()));
      }
      if (!protocol.equals(IpProtocol.ICMP)) {
        ipv6.add(ipv6(protocol, filter.ports(), link.networkOffset()));
      }
    }
    // The IP version is tested once, then each family's filters in their order; as a packet is
    // only ever one of the two, this is the OR of the filters, load for load.
    return Condition.ifThenElse(
        link.isIpv4(),
        Condition.any(ipv4),
        Condition.ifThenElse(link.isIpv6(), Condition.any(ipv6), Condition.FALSE));
  }

  private static Condition ipv4(IpProtocol protocol, List<PortRange> ports, int ip) {
    Condition isProtocol = equal(loadByte(ip + 9), protocol.number());
    if (ports.isEmpty()) {
      return isProtocol;
    }
    // RFC 791: the fragment offset is the low 13 bits of bytes 6-7; only offset 0 has ports.
    Condition firstFragment =
        new Condition.Compare(loadHalf(ip + 6), JSET, 0x1fff, /* whenJumpIs= */ false);
    List<Condition> portTests = new ArrayList<>();
    for (PortRange range : ports) {
      portTests.add(new Condition.InRange(loadTransportHalf(ip, 0), range.first(), range.last()));
      portTests.add(new Condition.InRange(loadTransportHalf(ip, 2), range.first(), range.last()));
    }
    return Condition.all(isProtocol, firstFragment, Condition.any(portTests));
  }

  private static Condition ipv6(IpProtocol protocol, List<PortRange> ports, int ip) {
    Condition direct = equal(loadByte(ip + 6), protocol.number());
    if (ports.isEmpty()) {
      Condition behindFragmentHeader =
          Condition.all(
              equal(loadByte(ip + 6), IPV6_FRAGMENT_HEADER),
              equal(loadByte(ip + 40), protocol.number()));
      return Condition.any(direct, behindFragmentHeader);
    }
    List<Condition> portTests = new ArrayList<>();
    for (PortRange range : ports) {
      portTests.add(new Condition.InRange(loadHalf(ip + 40), range.first(), range.last()));
      portTests.add(new Condition.InRange(loadHalf(ip + 42), range.first(), range.last()));
    }
    return Condition.all(direct, Condition.any(portTests));
  }

  private static Condition equal(Condition.Load load, int value) {
    return new Condition.Compare(load, JEQ, value, true);
  }

  static Condition.Load loadByte(int offset) {
    return Condition.Load.of(new BpfInstruction(LD | B | ABS, 0, 0, offset));
  }

  static Condition.Load loadHalf(int offset) {
    return Condition.Load.of(new BpfInstruction(LD | H | ABS, 0, 0, offset));
  }

  /** The 16 bits at {@code offset} in the transport header behind the IPv4 header at {@code ip}. */
  private static Condition.Load loadTransportHalf(int ip, int offset) {
    return Condition.Load.of(
        new BpfInstruction(LDX | B | MSH, 0, 0, ip),
        new BpfInstruction(LD | H | IND, 0, 0, ip + offset));
  }

  /** Where a link type puts the network header and how it says which IP version follows. */
  record LinkLayer(int networkOffset, Condition isIpv4, Condition isIpv6) {
    static LinkLayer of(LinkType linkType) {
      return switch (linkType.value()) {
        case 1 -> etherTyped(12, 14); // Ethernet II
        case 113 -> etherTyped(14, 16); // Linux cooked v1: protocol at 14, header 16
        case 276 -> etherTyped(0, 20); // Linux cooked v2: protocol first, header 20
        case 101 -> {
          // Raw IP has no link header: the version nibble tells.
          Condition.Load version =
              Condition.Load.of(
                  new BpfInstruction(LD | B | ABS, 0, 0, 0),
                  new BpfInstruction(ALU | AND | K, 0, 0, 0xf0));
          yield new LinkLayer(
              0,
              new Condition.Compare(version, JEQ, 0x40, true),
              new Condition.Compare(version, JEQ, 0x60, true));
        }
        case 228 -> new LinkLayer(0, Condition.TRUE, Condition.FALSE);
        case 229 -> new LinkLayer(0, Condition.FALSE, Condition.TRUE);
        default ->
            throw new IllegalArgumentException(
                "link type "
                    + linkType
                    + " is not one kcap compiles filters for; supported: "
                    + SUPPORTED_LINK_TYPES);
      };
    }

    private static LinkLayer etherTyped(int typeOffset, int networkOffset) {
      return new LinkLayer(
          networkOffset,
          equal(loadHalf(typeOffset), ETHERTYPE_IPV4),
          equal(loadHalf(typeOffset), ETHERTYPE_IPV6));
    }
  }
}
