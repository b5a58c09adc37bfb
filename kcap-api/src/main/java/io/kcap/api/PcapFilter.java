package io.kcap.api;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The traffic a capture keeps, as one pcap-filter(7) expression: what the agent compiles to classic
 * BPF and what {@code tcpdump} would take on the command line.
 *
 * <p>The translation, for validated filters:
 *
 * <table>
 *   <caption>filters to pcap-filter</caption>
 *   <tr><th>spec</th><th>expression</th></tr>
 *   <tr><td>no filters, or a filter with neither protocol nor ports</td><td>{@code ""} (all
 *       traffic)</td></tr>
 *   <tr><td>{@code TCP UDP SCTP ICMP ICMPv6} (or their numbers)</td><td>{@code tcp udp sctp icmp
 *       icmp6}; libpcap's primitives match both IPv4 and IPv6 where the protocol exists in
 *       both</td></tr>
 *   <tr><td>another number {@code N}, and {@code UDPLite} (136)</td><td>{@code (ip proto N or
 *       ip6 proto N)}</td></tr>
 *   <tr><td>{@code ports: [80, "6040:6050"]}</td><td>{@code tcp and (port 80 or portrange
 *       6040-6050)}: source or destination</td></tr>
 *   <tr><td>UDPLite with ports</td><td>the 16-bit port fields read at the start of the transport
 *       header (after the IPv4 options; right after the fixed IPv6 header), since libpcap has no
 *       UDPLite port primitive; IPv6 extension headers are not walked</td></tr>
 *   <tr><td>several filters</td><td>{@code F1 or (F2)}: OR'ed, compound ones in parentheses,
 *       the same one once</td></tr>
 *   <tr><td>{@code bpf: EXPR}</td><td>{@code (FILTERS) and (EXPR)}, or {@code EXPR} alone</td></tr>
 * </table>
 */
public final class PcapFilter {
  private PcapFilter() {}

  /**
   * The spec's filters AND'ed with its {@code bpf}.
   *
   * @throws IllegalArgumentException if a filter is invalid (validate the capture first)
   */
  public static String expression(PacketCaptureSpec spec) {
    String filters = expression(spec.filters());
    String bpf = spec.bpf().map(String::strip).orElse("");
    if (bpf.isEmpty()) {
      return filters;
    }
    if (filters.isEmpty()) {
      return bpf;
    }
    return "(" + filters + ") and (" + bpf + ")";
  }

  /**
   * The filters OR'ed; empty (all traffic) when there are none or one matches everything.
   *
   * @throws IllegalArgumentException if a filter is invalid (validate the capture first)
   */
  public static String expression(List<CaptureFilter> filters) {
    // A set: TCP and 6 are the same term, and OR'ing it twice says nothing more.
    Set<String> terms = new LinkedHashSet<>();
    for (CaptureFilter filter : filters) {
      String term = term(filter);
      if (term.isEmpty()) {
        return ""; // this filter keeps everything, so the OR of all of them does too
      }
      terms.add(term);
    }
    if (terms.size() == 1) {
      return terms.iterator().next();
    }
    // pcap-filter gives "and" and "or" the same precedence, left to right: compound terms
    // need their parentheses.
    return terms.stream().map(PcapFilter::grouped).collect(Collectors.joining(" or "));
  }

  private static String grouped(String term) {
    return term.contains(" ") && !isParenthesized(term) ? "(" + term + ")" : term;
  }

  /** Whether the first parenthesis closes at the very end, as in {@code (a or b)}. */
  private static boolean isParenthesized(String term) {
    if (!term.startsWith("(")) {
      return false;
    }
    int depth = 0;
    for (int i = 0; i < term.length(); i++) {
      depth += term.charAt(i) == '(' ? 1 : term.charAt(i) == ')' ? -1 : 0;
      if (depth == 0) {
        return i == term.length() - 1;
      }
    }
    return false;
  }

  private static String term(CaptureFilter filter) {
    List<PortRange> ports = filter.ports().stream().map(PortRange::of).toList();
    if (filter.protocol().isEmpty()) {
      if (!ports.isEmpty()) {
        throw new IllegalArgumentException(
            "ports " + ports + " without a protocol; ports need TCP, UDP, SCTP or UDPLite");
      }
      return "";
    }
    IpProtocol protocol = IpProtocol.of(filter.protocol().get());
    if (ports.isEmpty()) {
      return protocol(protocol);
    }
    if (!protocol.hasPorts()) {
      throw new IllegalArgumentException(
          "ports " + ports + " with protocol " + protocol + ", which has no ports");
    }
    if (protocol.equals(IpProtocol.UDPLITE)) {
      return udpLite(ports);
    }
    List<String> primitives = ports.stream().map(PcapFilter::port).toList();
    String anyPort =
        primitives.size() == 1
            ? primitives.getFirst()
            : "(" + String.join(" or ", primitives) + ")";
    return protocol(protocol) + " and " + anyPort;
  }

  private static String protocol(IpProtocol protocol) {
    if (protocol.equals(IpProtocol.TCP)) {
      return "tcp";
    }
    if (protocol.equals(IpProtocol.UDP)) {
      return "udp";
    }
    if (protocol.equals(IpProtocol.SCTP)) {
      return "sctp";
    }
    if (protocol.equals(IpProtocol.ICMP)) {
      return "icmp";
    }
    if (protocol.equals(IpProtocol.ICMPV6)) {
      return "icmp6";
    }
    return "(ip proto " + protocol.number() + " or ip6 proto " + protocol.number() + ")";
  }

  private static String port(PortRange range) {
    return range.isSingle()
        ? "port " + range.first()
        : "portrange " + range.first() + "-" + range.last();
  }

  /**
   * UDPLite (RFC 3828) starts with the same source and destination ports as UDP. In IPv4 the header
   * follows the options ({@code (ip[0] & 0xf) << 2} bytes in) and only the first fragment carries
   * it; in IPv6 it follows the 40-byte fixed header.
   */
  private static String udpLite(List<PortRange> ports) {
    String v4Header = "(ip[0] & 0xf) << 2";
    String v4 =
        "(ip proto 136 and (ip[6:2] & 0x1fff) = 0 and ("
            + portTests("ip[" + v4Header + ":2]", "ip[(" + v4Header + ") + 2:2]", ports)
            + "))";
    String v6 = "(ip6 proto 136 and (" + portTests("ip6[40:2]", "ip6[42:2]", ports) + "))";
    return v4 + " or " + v6;
  }

  private static String portTests(String source, String destination, List<PortRange> ports) {
    List<String> tests = new ArrayList<>();
    for (PortRange range : ports) {
      for (String field : List.of(source, destination)) {
        tests.add(
            range.isSingle()
                ? field + " = " + range.first()
                : "("
                    + field
                    + " >= "
                    + range.first()
                    + " and "
                    + field
                    + " <= "
                    + range.last()
                    + ")");
      }
    }
    return String.join(" or ", tests);
  }
}
