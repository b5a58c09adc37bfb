package io.kcap.capture.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Writes kcap's traffic filters as the pcap-filter expression (tcpdump's language) that selects the
 * same packets, e.g. {@code (tcp and (port 80 or portrange 8000-8080)) or (udp)}.
 *
 * <p>Users see it next to the capture, can paste it into tcpdump or Wireshark, and a raw {@code
 * bpf} extension is AND'ed with it. {@link TrafficFilterCompiler} produces the same packet set
 * without libpcap; kcap's tests prove the two agree on real traffic.
 *
 * <p>Protocols map to tcpdump's primitives: TCP to {@code tcp}, UDP to {@code udp}, SCTP to {@code
 * sctp}, ICMP to {@code icmp} (IPv4 only), ICMPv6 to {@code icmp6} (IPv6 only), any other number
 * {@code N} to {@code proto N} (IPv4 and IPv6). UDP-Lite has no tcpdump primitive with ports, so
 * its ports are tested on the bytes with libpcap's own rules: IPv4 first fragments only, IPv6 only
 * when the fixed header's next header is UDP-Lite.
 */
public final class FilterExpression {
  private FilterExpression() {}

  /**
   * The expression equivalent to {@code filters}, or the empty expression (every packet) when the
   * list is empty or one of its filters matches all traffic.
   */
  public static String of(List<TrafficFilter> filters) {
    if (filters.isEmpty() || filters.stream().anyMatch(TrafficFilter::matchesAll)) {
      return "";
    }
    if (filters.size() == 1) {
      return of(filters.getFirst());
    }
    StringJoiner any = new StringJoiner(" or ");
    for (TrafficFilter filter : filters) {
      any.add("(" + of(filter) + ")");
    }
    return any.toString();
  }

  /** The expression for one filter; the empty expression if it matches all traffic. */
  public static String of(TrafficFilter filter) {
    if (filter.matchesAll()) {
      return "";
    }
    IpProtocol protocol = filter.protocol().orElseThrow();
    List<PortRange> ports = filter.ports();
    if (protocol.equals(IpProtocol.UDPLITE) && !ports.isEmpty()) {
      return udpLiteWithPorts(ports);
    }
    String primitive =
        switch (protocol.number()) {
          case 1 -> "icmp";
          case 6 -> "tcp";
          case 17 -> "udp";
          case 58 -> "icmp6";
          case 132 -> "sctp";
          default -> "proto " + protocol.number();
        };
    if (ports.isEmpty()) {
      return primitive;
    }
    List<String> portTests = new ArrayList<>();
    for (PortRange range : ports) {
      portTests.add(
          range.isSinglePort()
              ? "port " + range.first()
              : "portrange " + range.first() + "-" + range.last());
    }
    return primitive + " and " + group(portTests);
  }

  private static String udpLiteWithPorts(List<PortRange> ports) {
    // tcpdump's udp[] and port primitives are UDP-only, so load the ports where the IPv4 header
    // length or the fixed IPv6 header says the transport header starts.
    String ipv4Source = "ip[(ip[0] & 0xf) * 4:2]";
    String ipv4Destination = "ip[(ip[0] & 0xf) * 4 + 2:2]";
    String ipv6Source = "ip6[40:2]";
    String ipv6Destination = "ip6[42:2]";
    List<String> ipv4 = new ArrayList<>();
    List<String> ipv6 = new ArrayList<>();
    for (PortRange range : ports) {
      ipv4.add(inRange(ipv4Source, range));
      ipv4.add(inRange(ipv4Destination, range));
      ipv6.add(inRange(ipv6Source, range));
      ipv6.add(inRange(ipv6Destination, range));
    }
    return "(ip proto 136 and ip[6:2] & 0x1fff = 0 and "
        + group(ipv4)
        + ") or (ip6[6] = 136 and "
        + group(ipv6)
        + ")";
  }

  private static String inRange(String load, PortRange range) {
    return range.isSinglePort()
        ? load + " = " + range.first()
        : "(" + load + " >= " + range.first() + " and " + load + " <= " + range.last() + ")";
  }

  private static String group(List<String> alternatives) {
    return alternatives.size() == 1
        ? alternatives.getFirst()
        : "(" + String.join(" or ", alternatives) + ")";
  }
}
